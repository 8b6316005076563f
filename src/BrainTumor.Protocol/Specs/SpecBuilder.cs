namespace BrainTumor.Protocol.Specs;

/// <summary>
/// A spec from field values given as text (flags, configuration keys): the spec's defaults, then the
/// named recipe's values when <c>recipe</c> is among them, then every other given value. The
/// command line and the samples program build their specs here, so a recipe and its overrides mean
/// the same everywhere.
/// </summary>
public static class SpecBuilder
{
    /// <summary>The spec the values make (not yet validated); an <see cref="ArgumentException"/> naming the source of a value that is not of its field's type, or an unknown recipe.</summary>
    public static ExperimentSpec Build(IEnumerable<(SpecField Field, string Text, string Source)> given)
    {
        var values = given.ToList();
        var spec = ExperimentSpec.For("");
        if (values.FirstOrDefault(v => v.Field == ExperimentSpecFields.Recipe) is { Field: not null } recipe && recipe.Text.Trim().Length > 0)
            spec = NamedRecipes.Get(recipe.Text.Trim(), recipe.Source).ApplyTo(spec);
        foreach (var (field, text, source) in values.Where(v => v.Field != ExperimentSpecFields.Recipe))
            spec = field.With(spec, text, source);
        return spec;
    }
}
