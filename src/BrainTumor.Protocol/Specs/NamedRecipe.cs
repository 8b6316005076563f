namespace BrainTumor.Protocol.Specs;

/// <summary>
/// A named set of spec values (nnU-Net's plans, timm's pretrained configs): what <c>--recipe NAME</c>
/// puts into a spec before the flags given beside it, each of which overrides the recipe's value.
/// </summary>
/// <param name="Name">What <c>--recipe</c> takes.</param>
/// <param name="Description">What it is for and where its values come from.</param>
/// <param name="Values">The fields it sets, as text (the form a flag takes); every other field keeps the spec's default.</param>
public sealed record NamedRecipe(string Name, string Description, IReadOnlyList<(SpecField Field, string Text)> Values)
{
    /// <summary>The spec with this recipe's values over <paramref name="spec"/>, and its name recorded.</summary>
    public ExperimentSpec ApplyTo(ExperimentSpec spec) =>
        Values.Aggregate(spec with { Recipe = Name }, (s, v) => v.Field.With(s, v.Text, $"recipe {Name}: {v.Field.Key}"));

    /// <summary>The fields of <paramref name="spec"/> whose values differ from what this recipe gives them (the overrides).</summary>
    public IReadOnlyList<SpecField> Overridden(ExperimentSpec spec)
    {
        var recipe = ApplyTo(ExperimentSpec.For(spec.Dataset));
        return [.. ExperimentSpecFields.All.Where(f => f != ExperimentSpecFields.Dataset && f.Text(recipe) != f.Text(spec))];
    }
}
