using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using BrainTumor.Client.Platform;
using BrainTumor.Contracts;

namespace BrainTumor.Client.Commands;

/// <summary><c>experiment start|list|show|watch|cancel|resume|report|compare</c>.</summary>
internal static class ExperimentCommands
{
    /// <summary>snake_case, as every --json result.</summary>
    public static readonly JsonSerializerOptions Json = new(CliOutput.Json)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static Command Create() => new("experiment", "Run block-wise fine-tuning experiments and read their results.")
    {
        Start(), List(), Show(), Watch(), Cancel(), Resume(), Report(), ExperimentCompare.Create(),
    };

    private static Command Start()
    {
        var spec = new ExperimentSpecOptions();
        var id = new Option<string?>("--id") { Description = "Experiment id (default: backbone and UTC time)." };
        var wait = new Option<bool>("--wait") { Description = "Follow the experiment until it ends (always so when this command hosts the silo)." };
        var json = new Option<bool>("--json") { Description = "Print the started (or, with --wait, the finished) experiment as JSON." };
        var command = new Command("start", "Start an experiment: patient-disjoint folds, each fine-tuned block by block under the supervisor policy.") { id, wait, json };
        foreach (var option in spec.All)
            command.Options.Add(option);
        command.SetAction(parse => CliAsync.Train(async session =>
        {
            var request = spec.Spec(parse);
            request = request with { Dataset = Path.GetFullPath(request.Dataset), Weights = request.Weights is { } w ? Path.GetFullPath(w) : null };
            var name = parse.GetValue(id) ?? string.Create(CultureInfo.InvariantCulture, $"{request.Backbone}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
            var experiment = session.Grains.GetGrain<IExperimentGrain>(name);
            var info = await experiment.Start(request);
            var follow = parse.GetValue(wait) || session.HostsSilo;
            if (!parse.GetValue(json))
            {
                Console.WriteLine($"started experiment {info.Id}: {info.Folds.Count} folds; run folder {info.RunFolder}");
                // Start made (or reused) the dataset's report: this reads the folder's index again but decodes nothing.
                ExperimentText.WriteDataset(await session.Grains.GetGrain<IDatasetGrain>(info.Spec.Dataset).Describe());
            }
            if (session.HostsSilo && !parse.GetValue(wait))
                Console.Error.WriteLine("note: no silo is running, so this command hosts one and follows the experiment to its end (start braintumor-silo to run experiments in the background)");
            if (!follow)
                return Print(info, parse.GetValue(json));
            return await FollowToEnd(session, experiment, parse.GetValue(json));
        }));
        return command;
    }

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("list", "List the experiments with their status.") { json };
        command.SetAction(parse => CliAsync.Run(async session =>
        {
            var ids = await session.Grains.GetGrain<IExperimentRegistryGrain>(0).List();
            var infos = new List<ExperimentInfo>();
            foreach (var id in ids)
                if (await session.Grains.GetGrain<IExperimentGrain>(id).GetInfo() is { } info)
                    infos.Add(info);
            var rows = infos.Select(i => new
            {
                id = i.Id,
                status = i.Status.ToString().ToLowerInvariant(),
                backbone = i.Spec.Backbone,
                dataset = i.Spec.Dataset,
                folds = i.Folds.Count,
                folds_done = i.Folds.Count(f => f.Status == RunStatus.Completed),
                created = i.Created,
            }).ToList();
            if (parse.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(rows, Json));
            else if (rows.Count == 0)
                Console.WriteLine("no experiments");
            else
                foreach (var r in rows)
                    Console.WriteLine($"{r.id,-32} {r.status,-10} {r.backbone,-18} folds {r.folds_done}/{r.folds}  {r.created:u}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Show()
    {
        var (id, json) = (IdArgument(), new Option<bool>("--json") { Description = "Print JSON." });
        var command = new Command("show", "Show an experiment: spec, folds, stages, supervisor decisions, what runs now.") { id, json };
        command.SetAction(parse => CliAsync.Run(async session =>
        {
            var existing = await Existing(session, parse.GetValue(id)!);
            var info = await existing.Info();
            if (session.HostsSilo && info.Status == RunStatus.Running)
                Console.Error.WriteLine($"note: no silo is running, so nothing trains {info.Id} now; braintumor experiment resume {info.Id} carries it on");
            return Print(info, parse.GetValue(json));
        }));
        return command;
    }

    private static Command Watch()
    {
        var (id, json) = (IdArgument(), new Option<bool>("--json") { Description = "Print each event as one JSON object per line." });
        var command = new Command("watch", "Follow an experiment's progress until it ends (bars on a terminal, lines when redirected).") { id, json };
        command.SetAction(parse => CliAsync.Train(async session =>
        {
            var experiment = (await Existing(session, parse.GetValue(id)!)).Grain;
            if (!parse.GetValue(json))
                return await FollowToEnd(session, experiment, json: false);
            return await UntilInterrupted(session, experiment, async () =>
            {
                await foreach (var e in experiment.WatchAsync(cancellation: session.Interrupted))
                    Console.WriteLine(JsonSerializer.Serialize(e, JsonLines));
                return EndCode((await experiment.GetInfo())!.Status);
            });
        }));
        return command;
    }

    private static readonly JsonSerializerOptions JsonLines = new(Json) { WriteIndented = false };

    private static Command Cancel()
    {
        var (id, json) = (IdArgument(), new Option<bool>("--json") { Description = "Print JSON." });
        var command = new Command("cancel", "Cancel an experiment: queued stages leave their queue, a running one stops within one batch.") { id, json };
        command.SetAction(parse => CliAsync.Run(async session =>
            Print(await session.Grains.GetGrain<IExperimentGrain>(parse.GetValue(id)!).Cancel(), parse.GetValue(json))));
        return command;
    }

    private static Command Resume()
    {
        var (id, wait) = (IdArgument(), new Option<bool>("--wait") { Description = "Follow it to its end." });
        var json = new Option<bool>("--json") { Description = "Print only the experiment as JSON: when it ends if followed, else as it is once resumed." };
        var command = new Command("resume", "Resume a cancelled or failed experiment from its last checkpoints (finished stages are kept).") { id, wait, json };
        command.SetAction(parse => CliAsync.Train(async session =>
        {
            var experiment = session.Grains.GetGrain<IExperimentGrain>(parse.GetValue(id)!);
            var asJson = parse.GetValue(json);
            var previous = await experiment.GetInfo();
            // The history as one line; the command then follows what the resumed experiment does.
            var before = asJson || previous is null ? 0 : await HistorySummary.Print(experiment, parse.GetValue(id)!);
            var info = await experiment.Resume();
            if (previous?.Status == RunStatus.Failed && info.Status == RunStatus.Failed)
            {
                // Nothing was retried: what failed would fail the same way (a stage 0 that diverged leaves no depth to test).
                if (asJson)
                    Print(info, json: true);
                else
                    Console.Error.WriteLine($"error: experiment {info.Id} stays failed: {info.Error}; a retry would fail the same way, so nothing was run again (start a new experiment with other settings)");
                return ExitCodes.Failed;
            }
            var follow = parse.GetValue(wait) || session.HostsSilo;
            if (asJson && !follow)
                return Print(info, json: true);
            if (!asJson && previous?.Status == RunStatus.Failed)
                Console.WriteLine($"experiment {info.Id} had failed: {previous.Error}; only what failed runs again, the finished stages are kept");
            if (!asJson)
                Console.WriteLine($"experiment {info.Id}: {info.Status}");
            return follow ? await FollowToEnd(session, experiment, asJson, before) : ExitCodes.Success;
        }));
        return command;
    }

    private static Command Report()
    {
        var (id, json) = (IdArgument(), new Option<bool>("--json") { Description = "Print the report as JSON (mean_accuracy, sd_accuracy, folds, per_class, ...)." });
        var rebuild = new Option<bool>("--rebuild") { Description = "Write the report files again from the run folder (they are written once, when the experiment completes)." };
        var command = new Command("report", "The results of a completed experiment: accuracy per fold and mean ± sd, per-class rates, the report files.") { id, json, rebuild };
        command.SetAction(parse => CliAsync.Run(async session =>
        {
            var experiment = session.Grains.GetGrain<IExperimentGrain>(parse.GetValue(id)!);
            var report = parse.GetValue(rebuild) ? await experiment.RebuildReport() : await experiment.GetReport();
            if (parse.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(report, Json));
            else
                ExperimentText.WriteReport(report);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Follows the experiment to its end; its exit code says how it ended (<see cref="EndCode"/>), 130 when Ctrl+C or SIGTERM interrupted the following.</summary>
    public static Task<int> FollowToEnd(PlatformSession session, IExperimentGrain experiment, bool json, long afterSequence = 0) =>
        UntilInterrupted(session, experiment, async () =>
        {
            var info = json ? await WaitQuietly(experiment, afterSequence, session.Interrupted) : await ProgressView.Follow(experiment, afterSequence, session.Interrupted);
            return await Ended(experiment, info, json);
        });

    /// <summary>Runs <paramref name="follow"/>; when the operator interrupts it, says what becomes of the experiment and returns 130.</summary>
    private static async Task<int> UntilInterrupted(PlatformSession session, IExperimentGrain experiment, Func<Task<int>> follow)
    {
        try
        {
            return await follow();
        }
        catch (OperationCanceledException) when (session.Interrupted.IsCancellationRequested)
        {
            TerminalBar.Close();
            ExperimentText.WriteInterrupted(experiment.GetPrimaryKeyString(), session.HostsSilo);
            return ExitCodes.Interrupted;
        }
    }

    private static async Task<int> Ended(IExperimentGrain experiment, ExperimentInfo info, bool json)
    {
        if (json)
            Console.WriteLine(JsonSerializer.Serialize(info, Json));
        else if (info.Status == RunStatus.Completed)
        {
            Console.WriteLine();
            ExperimentText.WriteReport(await experiment.GetReport());
        }
        else
            Console.Error.WriteLine($"error: experiment {info.Id} {info.Status.ToString().ToLowerInvariant()}: {info.Error}");
        return EndCode(info.Status);
    }

    /// <summary>The exit code of a command that followed an experiment to its end: 0 completed, 130 cancelled, 4 failed.</summary>
    private static int EndCode(RunStatus status) => status switch
    {
        RunStatus.Completed => ExitCodes.Success,
        RunStatus.Cancelled => ExitCodes.Interrupted,
        _ => ExitCodes.Failed,
    };

    private static async Task<ExperimentInfo> WaitQuietly(IExperimentGrain experiment, long afterSequence, CancellationToken cancel)
    {
        await foreach (var _ in experiment.WatchAsync(afterSequence, cancellation: cancel)) { }
        return (await experiment.GetInfo())!;
    }

    private static int Print(ExperimentInfo info, bool json)
    {
        if (json)
            Console.WriteLine(JsonSerializer.Serialize(info, Json));
        else
            ExperimentText.WriteInfo(info);
        return ExitCodes.Success;
    }

    private static async Task<(IExperimentGrain Grain, Func<Task<ExperimentInfo>> Info)> Existing(PlatformSession session, string id)
    {
        var grain = session.Grains.GetGrain<IExperimentGrain>(id);
        if (await grain.GetInfo() is null)
            throw new KeyNotFoundException($"no experiment '{id}' (braintumor experiment list shows them)");
        return (grain, async () => (await grain.GetInfo())!);
    }

    private static Argument<string> IdArgument() => new("id") { Description = "Experiment id." };
}
