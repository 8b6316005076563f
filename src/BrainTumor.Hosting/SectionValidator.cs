using Microsoft.Extensions.Options;

namespace BrainTumor.Hosting;

/// <summary>The one way a section is checked: every failure found is reported, each naming its full key
/// (<c>appsettings.json, BrainTumor:Cluster:GatewayPort: ...</c>).</summary>
public abstract class SectionValidator<T>(string section) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var failures = Failures(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every failure of <paramref name="options"/>; a section holding a subsection adds the subsection's.</summary>
    protected internal abstract IEnumerable<string> Failures(T options);

    /// <summary>A failure of <paramref name="key"/>, relative to the section.</summary>
    protected string Failure(string key, string message) => ConfigurationError.Message($"{section}:{key}", message);
}
