using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BrainTumor.Hosting;

/// <summary>
/// How every <c>BrainTumor:*</c> section becomes its options class: bound with unknown keys refused, then
/// checked by the class's <see cref="SectionValidator{T}"/>, whose failures name the full key.
/// Any error, of binding or of validation, is an <see cref="OptionsValidationException"/> whose message
/// is the operator's one line.
/// </summary>
public static class SectionOptions
{
    /// <summary>Registers the section for injection, validated when the host starts.</summary>
    public static OptionsBuilder<T> AddSection<T, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class where TValidator : class, IValidateOptions<T>
    {
        services.AddSingleton<IValidateOptions<T>, TValidator>();
        return services.AddOptions<T>()
            .Configure(options => BindSection(configuration, section, options))
            .ValidateOnStart();
    }

    /// <summary>The section bound and validated now, for the settings a host builder needs before its services exist.</summary>
    public static T Read<T, TValidator>(this IConfiguration configuration, string section)
        where T : class, new() where TValidator : IValidateOptions<T>, new()
    {
        var options = new T();
        BindSection(configuration, section, options);
        var result = new TValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
            throw new OptionsValidationException(section, typeof(T), result.Failures);
        return options;
    }

    private static void BindSection<T>(IConfiguration configuration, string section, T options) where T : class
    {
        try
        {
            configuration.GetSection(section).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            throw new OptionsValidationException(section, typeof(T), [$"{BrainTumorConfiguration.FileName}, section '{section}': {e.Message}"]);
        }
    }
}
