using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using BrainTumor.Contracts;
using BrainTumor.Grains.Telemetry;

namespace BrainTumor.Hosting.Tests;

/// <summary>The spans, the scrape endpoint and the Grafana dashboard of one tiny experiment (<see cref="TelemetryRun"/>).</summary>
public sealed partial class TelemetryTests(TelemetryRun run) : IClassFixture<TelemetryRun>
{
    [Fact]
    public void Spans_form_one_tree_experiment_fold_stage_epoch_and_run_with_the_attributes_operators_filter_on()
    {
        Assert.Equal(RunStatus.Completed, run.Finished.Status);
        var spans = run.Spans;
        var experiment = Assert.Single(spans, s => s.OperationName == "experiment");
        Assert.Equal(default, experiment.ParentSpanId);
        Assert.Equal("vgg19", experiment.GetTagItem(TelemetryTags.Backbone));
        Assert.All(spans, s => Assert.Equal(experiment.TraceId, s.TraceId));

        var folds = spans.Where(s => s.OperationName == "fold").OrderBy(Fold).ToList();
        Assert.Equal([1, 2], folds.Select(Fold));
        Assert.All(folds, f => Assert.Equal(experiment.SpanId, f.ParentSpanId));

        foreach (var fold in folds)
        {
            var stages = spans.Where(s => s.OperationName == "stage" && Fold(s) == Fold(fold)).OrderBy(Depth).ToList();
            Assert.Equal([0, 1], stages.Select(Depth));                                 // fixed:1: depths 0 and 1
            var test = Assert.Single(spans, s => s.OperationName == "test" && Fold(s) == Fold(fold));
            foreach (var stage in stages.Append(test))
            {
                Assert.Equal(fold.SpanId, stage.ParentSpanId);
                var onDevice = Assert.Single(spans, s => s.OperationName == "run" && s.ParentSpanId == stage.SpanId);
                Assert.Equal("cpu", onDevice.GetTagItem(TelemetryTags.Device));
                Assert.Equal("cpu", stage.GetTagItem(TelemetryTags.Device));
                Assert.Equal(nameof(RunStatus.Completed), stage.GetTagItem(TelemetryTags.Status));
            }
            foreach (var stage in stages)
            {
                var epochs = spans.Where(s => s.OperationName == "epoch" && s.ParentSpanId == stage.SpanId).ToList();
                Assert.Equal([1, 2], epochs.Select(e => (int)e.GetTagItem("braintumor.epoch")!).Order());
                Assert.All(epochs, e => Assert.Equal(("cpu", Depth(stage), Fold(fold)), ((string?)e.GetTagItem(TelemetryTags.Device), Depth(e), Fold(e))));
                Assert.All(epochs, e => Assert.InRange(e.StartTimeUtc, stage.StartTimeUtc, stage.StartTimeUtc + stage.Duration));
            }
        }
        Assert.Equal(2 * 2 * 2, spans.Count(s => s.OperationName == "epoch"));
        Assert.Equal(1 + 2 + 2 * 3 * 2 + 8, spans.Count);                                   // stages and tests each with their run
    }

    [Fact]
    public void The_runners_logs_carry_the_experiments_trace_and_the_run_span()
    {
        var traceId = Assert.Single(run.Spans, s => s.OperationName == "experiment").TraceId;
        // The runner's line at the end of each trained stage, written on the device's thread inside the stage's run span.
        var runs = run.Spans.Where(s => s.OperationName == "run").Select(s => s.SpanId).ToHashSet();
        var stageEnds = run.Logs.Where(l => l.FormattedMessage?.Contains("best validation accuracy", StringComparison.Ordinal) == true
                                            && l.FormattedMessage.StartsWith(TelemetryRun.ExperimentId, StringComparison.Ordinal)).ToList();
        Assert.Equal(4, stageEnds.Count);
        Assert.All(stageEnds, l => Assert.Equal((traceId, true), (l.TraceId, runs.Contains(l.SpanId))));
    }

    [SkippableFact]
    public async Task The_scrape_taken_during_the_experiment_passes_promtool_check_metrics()
    {
        var promtool = Promtool.Require();
        var (exitCode, output) = await Promtool.CheckMetrics(promtool, run.ScrapeWhileRunning);
        // 0: clean; 3: parsed, with lint findings. Findings are allowed only on the meters of Orleans and
        // .NET (no help text, "_count" gauges, milliseconds), which this project does not name.
        Assert.True(exitCode is 0 or Promtool.LintFindings, $"promtool check metrics: exit {exitCode}\n{output}");
        var findings = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(findings, f => Assert.Matches("^(orleans|dotnet)_", f));
        Assert.Contains("braintumor_epoch_loss", run.ScrapeWhileRunning);
        // The controls: promtool fails a broken exposition, and lints a counter of ours named like a gauge.
        Assert.Equal(1, (await Promtool.CheckMetrics(promtool, "# TYPE x counter\nx{ 1\n")).ExitCode);
        var badName = await Promtool.CheckMetrics(promtool, "# HELP braintumor_x_count x\n# TYPE braintumor_x_count gauge\nbraintumor_x_count 1\n");
        Assert.Equal((Promtool.LintFindings, true), (badName.ExitCode, badName.Output.StartsWith("braintumor_x_count", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_scrape_carries_the_platform_orleans_and_runtime_meters_with_the_experiments_numbers()
    {
        var samples = PrometheusText.Samples(run.ScrapeAfter).ToList();
        double Value(string name, params string[] labels) =>
            Assert.Single(samples, s => s.Name == name && labels.All(s.Labels.Contains)).Value;

        // fixed:1 on every fold: "deeper" after depth 0, "stop" after depth 1.
        Assert.Equal(1, Value("braintumor_supervisor_decisions_total", "braintumor_decision=\"deeper\"", "braintumor_fold=\"1\"", "braintumor_stage_depth=\"0\""), 9);
        Assert.Equal(1, Value("braintumor_supervisor_decisions_total", "braintumor_decision=\"stop\"", "braintumor_fold=\"2\"", "braintumor_stage_depth=\"1\""), 9);
        Assert.DoesNotContain(samples, s => s.Name == "braintumor_supervisor_decisions_total" && s.Labels.Contains("braintumor_decision=\"stop\"") && s.Labels.Contains("braintumor_stage_depth=\"0\""));
        // The stage gauge holds the number the supervisor compared, as the fold recorded it.
        var fold1 = run.Finished.Folds.Single(f => f.Fold == 1);
        Assert.Equal(fold1.Stages.Single(s => s.Depth == 1).BestValidationAccuracy,
            Value("braintumor_stage_validation_accuracy", "braintumor_fold=\"1\"", "braintumor_stage_depth=\"1\""), 9);
        Assert.Equal(0, Value("braintumor_device_queue_length", "braintumor_device=\"cpu\""));
        Assert.InRange(Value("braintumor_device_busy_time_seconds_total", "braintumor_device=\"cpu\""), 0.01, 3600);
        // One best-weights write per trained stage: 2 folds x depths 0 and 1.
        Assert.Equal(2 * 2, samples.Where(s => s.Name == "braintumor_checkpoint_write_duration_seconds_count" && s.Labels.Contains("braintumor_experiment_id=\"telemetry-tiny\"")).Sum(s => s.Value), 9);
        // Its buckets are seconds (0.005 s to 60 s, then +Inf), not the SDK's millisecond defaults (0, 5, 10, ...).
        var bounds = samples.Where(s => s.Name == "braintumor_checkpoint_write_duration_seconds_bucket")
            .Select(s => System.Text.RegularExpressions.Regex.Match(s.Labels, "le=\"([^\"]+)\"").Groups[1].Value).Distinct().ToList();
        Assert.Equal([.. BrainTumor.Grains.Telemetry.BrainTumorMetrics.CheckpointWriteBuckets.Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture)), "+Inf"], bounds);
        Assert.InRange(Value("braintumor_training_throughput_per_second", "braintumor_fold=\"2\"", "braintumor_stage_depth=\"0\""), 0.1, 100_000);
        Assert.InRange(Value("braintumor_epoch_accuracy", "braintumor_split=\"validation\"", "braintumor_fold=\"1\"", "braintumor_stage_depth=\"0\""), 0, 1);
        Assert.Equal(0, Value("braintumor_dataset_rejected_items", "braintumor_rejection_reason=\"not_an_image\""));
        var names = PrometheusText.Names(run.ScrapeAfter);
        Assert.Contains(names, n => n.StartsWith("orleans_", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("dotnet_gc_", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_metric_the_grafana_dashboard_queries_is_in_a_real_scrape()
    {
        var path = Path.Combine(TestPaths.RepoRoot, "docs", "grafana", "braintumor.json");
        using var dashboard = JsonDocument.Parse(File.ReadAllText(path));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
        Assert.True(expressions.Count >= 8, $"{path}: {expressions.Count} queries");
        var queried = expressions.SelectMany(e => MetricName().Matches(LabelsOmitted().Replace(e, "")).Select(m => m.Value)).ToHashSet();
        var scraped = PrometheusText.Names(run.ScrapeAfter);
        var missing = queried.Except(scraped).Order().ToList();
        Assert.True(missing.Count == 0, $"{path} queries metrics the scrape does not have: {string.Join(", ", missing)}");
        Assert.Contains("braintumor_device_busy_time_seconds_total", queried);
    }

    private static int Fold(Activity span) => (int)span.GetTagItem(TelemetryTags.Fold)!;

    private static int Depth(Activity span) => (int)span.GetTagItem(TelemetryTags.Depth)!;

    /// <summary>The metric names in a PromQL query: the platform's, Orleans' and the runtime's prefixes.</summary>
    [GeneratedRegex(@"\b(braintumor|orleans|dotnet)_[a-z0-9_]+")]
    private static partial Regex MetricName();

    /// <summary>Label matchers and grouping clauses of a query, whose label names share the metric prefixes.</summary>
    [GeneratedRegex(@"\{[^}]*\}|\b(by|without)\s*\([^)]*\)")]
    private static partial Regex LabelsOmitted();
}
