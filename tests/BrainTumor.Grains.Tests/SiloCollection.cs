namespace BrainTumor.Grains.Tests;

/// <summary>The tests that share one silo (and its single CPU trainer) run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SiloCollection : ICollectionFixture<TestSilo>
{
    public const string Name = "silo";
}
