using BrainTumor.Contracts;
using BrainTumor.Protocol.Specs;
using Microsoft.Extensions.Configuration;

namespace StartExperiment;

/// <summary>
/// What the sample connects to and what it starts. The cluster's ids and gateway port come from
/// <c>BrainTumor:Cluster</c> in the repository's appsettings.json (copied beside the program), then
/// <c>BrainTumor__*</c> environment variables, then the command line; the experiment from the
/// command line over the sample's own defaults (a short run on the shipped sample).
/// </summary>
internal sealed record SampleArguments(string ServiceId, string ClusterId, int GatewayPort, string Id, ExperimentSpec Spec)
{
    private const string Cluster = "BrainTumor:Cluster";
    private const string Experiment = "Experiment";

    /// <summary>Every option the sample takes, and the configuration key it sets: the cluster's, the id, and one per field of the experiment spec.</summary>
    private static readonly Dictionary<string, string> Options = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--service-id"] = $"{Cluster}:ServiceId",
        ["--cluster-id"] = $"{Cluster}:ClusterId",
        ["--gateway-port"] = $"{Cluster}:GatewayPort",
        ["--id"] = "Sample:Id",
    }.Concat(ExperimentSpecFields.All.Select(f => KeyValuePair.Create(f.Flag, $"{Experiment}:{f.Name}"))).ToDictionary(StringComparer.Ordinal);

    /// <summary>A short run on the shipped sample: folds from its cheng_fold column, the head only, 2 epochs.</summary>
    private static readonly Dictionary<string, string?> ExperimentDefaults = new()
    {
        [$"{Experiment}:Dataset"] = "data/sample",
        [$"{Experiment}:Backbone"] = "resnet18-imagenet",
        [$"{Experiment}:Policy"] = "fixed:0",
        [$"{Experiment}:Epochs"] = "2",
        [$"{Experiment}:BatchSize"] = "32",
        [$"{Experiment}:LearningRate"] = "0.01",
    };

    public static string Usage =>
        $"usage: StartExperiment [{string.Join("] [", Options.Keys.Select(k => $"{k} VALUE"))}]";

    /// <summary>The arguments, or an <see cref="ArgumentException"/> naming the option that is wrong.</summary>
    public static SampleArguments Parse(string[] args)
    {
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!Options.ContainsKey(args[i]))
                throw new ArgumentException($"unknown option '{args[i]}'; {Usage}");
            if (i + 1 == args.Length)
                throw new ArgumentException($"option '{args[i]}' needs a value");
        }
        var settings = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false)
            .AddEnvironmentVariables()
            .AddCommandLine(args, Options)
            .Build();
        // The sample's own short run applies only without a recipe: a recipe's values are not overridden by defaults nobody gave.
        var recipe = settings[$"{Experiment}:{ExperimentSpecFields.Recipe.Name}"];
        var defaults = string.IsNullOrWhiteSpace(recipe) ? ExperimentDefaults : new() { [$"{Experiment}:Dataset"] = ExperimentDefaults[$"{Experiment}:Dataset"] };
        var spec = SpecBuilder.Build(ExperimentSpecFields.All
            .Select(f => (Field: f, Text: settings[$"{Experiment}:{f.Name}"] ?? defaults.GetValueOrDefault($"{Experiment}:{f.Name}")))
            .Where(v => v.Text is not null)
            .Select(v => (v.Field, v.Text!, $"{v.Field.Flag} ({Experiment}:{v.Field.Name})"))).Validated();
        try
        {
            var cluster = settings.GetSection(Cluster);
            var id = settings["Sample:Id"] ?? $"sample-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
            return new SampleArguments(cluster.GetValue<string>("ServiceId")!, cluster.GetValue<string>("ClusterId")!,
                cluster.GetValue<int>("GatewayPort"), id, spec with { Dataset = Path.GetFullPath(spec.Dataset) });
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key ("Failed to convert configuration value at 'BrainTumor:Cluster:GatewayPort' to type 'System.Int32'").
            throw new ArgumentException($"{e.Message} (options: {string.Join(", ", Options.Select(o => $"{o.Key} -> {o.Value}"))})", e);
        }
    }
}
