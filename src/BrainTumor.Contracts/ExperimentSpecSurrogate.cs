using BrainTumor.Protocol.Specs;

namespace BrainTumor.Contracts;

/// <summary>
/// How an <see cref="ExperimentSpec"/> crosses the cluster and sits in grain state: as its JSON
/// (<see cref="SpecJson"/>). The spec stays plain data in the Protocol assembly, free of Orleans,
/// and a field added there travels without a serializer change here.
/// </summary>
[GenerateSerializer, Alias("BrainTumor.ExperimentSpec")]
public readonly record struct ExperimentSpecSurrogate([property: Id(0)] string Json);

[RegisterConverter]
public sealed class ExperimentSpecConverter : IConverter<ExperimentSpec, ExperimentSpecSurrogate>
{
    public ExperimentSpec ConvertFromSurrogate(in ExperimentSpecSurrogate surrogate) => SpecJson.Parse(surrogate.Json, "experiment spec");

    public ExperimentSpecSurrogate ConvertToSurrogate(in ExperimentSpec value) => new(SpecJson.Write(value));
}
