using System.Diagnostics;
using BrainTumor.Grains.Telemetry;
using BrainTumor.Grains.Devices;
using BrainTumor.Grains.Training;
using BrainTumor.Imaging.Reading;
using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Jobs;
using BrainTumor.Learning.Prediction;
using BrainTumor.Protocol.Runs;
using BrainTumor.Protocol.Specs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BrainTumor.Grains.Experiments;

[GenerateSerializer]
public sealed class ExperimentState
{
    [Id(0)] public ExperimentSpec? Spec { get; set; }
    [Id(1)] public RunStatus Status { get; set; }
    [Id(2)] public DateTimeOffset Created { get; set; }
    [Id(3)] public DateTimeOffset? Finished { get; set; }
    [Id(4)] public string RunFolder { get; set; } = "";
    [Id(5)] public List<int> Folds { get; set; } = [];
    [Id(6)] public string? Error { get; set; }
}

/// <summary>
/// One experiment: checks and records its spec, has its dataset plan the folds, starts one fold
/// grain per fold, keeps the event log that clients watch (in its run folder, <see cref="ExperimentLog"/>), and aggregates the folds when all have
/// ended. While it runs, a reminder wakes it to make sure every fold progresses, so a lost silo or
/// a restart only delays it.
/// </summary>
public sealed class ExperimentGrain(
    [PersistentState("experiment")] IPersistentState<ExperimentState> state,
    IOptions<ExperimentsOptions> options,
    IOptions<WeightsOptions> weights,
    IOptions<ImagingOptions> imaging,
    CheckWorker checks,
    ILogger<ExperimentGrain> logger) : Grain, IExperimentGrain, IRemindable
{
    private const string Watchdog = "watchdog";

    private string Id => this.GetPrimaryKeyString();

    private Activity? _span;

    private ExperimentLog? _log;

    private ExperimentLog Log => _log ??= ExperimentLog.Open(RunLayout.Events(state.State.RunFolder));

    async Task<ExperimentInfo> IExperimentGrain.Start(ExperimentSpec spec)
    {
        SpecChecks.RequireId(Id);
        if (state.RecordExists)
            throw new InvalidOperationException($"experiment '{Id}' already exists ({state.State.Status}); choose another id");
        spec = SpecChecks.Validate(spec, options.Value, weights.Value, imaging.Value);
        await checks.Run(() => SpecWeightsCheck.Run(spec));
        var run = Path.GetFullPath(Path.Combine(options.Value.ArtifactsDirectory, Id));
        if (Directory.Exists(run) && Directory.EnumerateFileSystemEntries(run).Any())
            throw new InvalidOperationException($"experiment '{Id}': its run folder {run} already holds files; choose another id");
        IReadOnlyList<int> folds;
        try
        {
            folds = await GrainFactory.GetGrain<IDatasetGrain>(spec.Dataset).PlanFolds(spec, run);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException)
        {
            if (Directory.Exists(run) && !Directory.EnumerateFileSystemEntries(run).Any())
                Directory.Delete(run);
            throw new ArgumentException($"dataset {spec.Dataset}: {e.Message}", e);
        }
        SpecFile.Write(RunLayout.Spec(run), spec);
        new RunFolder(run).WriteFormat();

        _span = BrainTumorActivities.StartExperiment(Id, spec);
        state.State = new ExperimentState { Spec = spec, Status = RunStatus.Running, Created = DateTimeOffset.UtcNow, RunFolder = run, Folds = [.. folds] };
        await Append(ExperimentEventKind.Started, $"{Id}: {spec.Backbone} on {spec.Dataset}, {folds.Count} folds, policy {spec.Policy}");
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IExperimentRegistryGrain>(0).Add(Id);
        await KeepWatching();
        foreach (var fold in folds)
            await Fold(fold).Start(new StageJob(Id, fold, 0, StageJobKind.Train, spec, run, _span?.Id));
        return await Info();
    }

    async Task<ExperimentInfo?> IExperimentGrain.GetInfo() => state.RecordExists ? await Info() : null;

    Task<IReadOnlyList<ExperimentEvent>> IExperimentGrain.GetEvents(long afterSequence, int max) =>
        Task.FromResult<IReadOnlyList<ExperimentEvent>>(state.RecordExists ? Log.After(afterSequence, max) : []);

    async Task<ExperimentInfo> IExperimentGrain.Cancel()
    {
        RequireExists();
        if (!state.State.Status.IsFinal())
        {
            foreach (var fold in state.State.Folds)
                await Fold(fold).Cancel();
            await End(RunStatus.Cancelled, "cancelled by request");
        }
        return await Info();
    }

    async Task<ExperimentInfo> IExperimentGrain.Resume()
    {
        RequireExists();
        if (state.State.Status is RunStatus.Cancelled or RunStatus.Failed)
        {
            state.State.Status = RunStatus.Running;
            state.State.Error = null;
            state.State.Finished = null;
            await Append(ExperimentEventKind.Resumed, $"{Id}: resumed from the last checkpoints");
            await state.WriteStateAsync();
            await GrainFactory.GetGrain<IExperimentRegistryGrain>(0).Add(Id);
            await KeepWatching();
            foreach (var fold in state.State.Folds)
                await Fold(fold).Resume();
            await Conclude(); // folds that cannot go on (a failed stage 0) stay failed: with no other fold running, so does the experiment
        }
        return await Info();
    }

    async Task<ExperimentReport> IExperimentGrain.GetReport()
    {
        var info = await Completed();
        return await Task.Run(() => ReportBuilder.Read(info));
    }

    async Task<ExperimentReport> IExperimentGrain.RebuildReport()
    {
        var info = await Completed();
        return await Task.Run(() => ReportBuilder.Build(info, weights.Value.Directory));
    }

    private async Task<ExperimentInfo> Completed()
    {
        RequireExists();
        if (state.State.Status != RunStatus.Completed)
            throw new InvalidOperationException(state.State.Status == RunStatus.Failed
                ? $"experiment '{Id}' failed ({state.State.Error}): a report needs a completed experiment; braintumor experiment show {Id} has its stages"
                : $"experiment '{Id}' is {state.State.Status}: a report needs a completed experiment");
        return await Info();
    }

    async Task IExperimentGrain.Ensure()
    {
        // On a silo that only answers reads, the watchdog leaves the stages as they are (ExperimentsOptions.ResumeRunning).
        if (!state.RecordExists || state.State.Status != RunStatus.Running || !options.Value.ResumeRunning)
            return;
        await KeepWatching();
        foreach (var fold in state.State.Folds)
        {
            var info = await Fold(fold).GetInfo();
            if (info.Status == RunStatus.Running)
                await Fold(fold).Ensure();
        }
        await Conclude();
    }

    Task IExperimentGrain.FoldFinished(int fold) => Conclude();

    Task IExperimentGrain.Post(ExperimentEvent e) =>
        state.RecordExists ? Append(e.Kind, e.Message, e.Fold, e.Depth, e.Epoch) : Task.CompletedTask;

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status) => ((IExperimentGrain)this).Ensure();

    /// <summary>When every fold has ended: completed (and reported) if all completed, else failed or cancelled.</summary>
    private async Task Conclude()
    {
        if (state.State.Status != RunStatus.Running)
            return;
        var folds = await Task.WhenAll(state.State.Folds.Select(f => Fold(f).GetInfo()));
        if (!folds.All(f => f.Status.IsFinal()))
            return;
        if (folds.FirstOrDefault(f => f.Status != RunStatus.Completed) is { } failed)
        {
            await End(failed.Status, $"fold {failed.Fold}: {failed.Error ?? failed.Status.ToString()}");
            return;
        }
        state.State.Finished = DateTimeOffset.UtcNow;
        var info = await Info() with { Status = RunStatus.Completed };
        ExperimentReport report;
        try
        {
            report = await Task.Run(() => ReportBuilder.Build(info, weights.Value.Directory));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or ArgumentException)
        {
            await End(RunStatus.Failed, $"the folds finished but the report could not be built: {e.Message}");
            return;
        }
        await End(RunStatus.Completed, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"mean test accuracy {report.MeanAccuracy:F4} ± {report.SdAccuracy ?? 0:F4} over {report.Folds.Count} folds; report {report.ReportPath}"));
    }

    private async Task End(RunStatus status, string message)
    {
        state.State.Status = status;
        state.State.Finished ??= DateTimeOffset.UtcNow;
        if (status != RunStatus.Completed)
            state.State.Error = message;
        await Append(ExperimentEventKinds.ExperimentEnded(status), $"{Id}: {message}");
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IExperimentRegistryGrain>(0).Ended(Id);
        if (await this.GetReminder(Watchdog) is { } reminder)
            await this.UnregisterReminder(reminder);
        logger.LogInformation("Experiment {Experiment} {Status}: {Message}", Id, status, message);
        BrainTumorActivities.End(_span, status, message);
    }

    private Task KeepWatching() => this.RegisterOrUpdateReminder(Watchdog, options.Value.WatchdogPeriod, options.Value.WatchdogPeriod);

    /// <summary>Logs an event; an event log that cannot be written does not stop the experiment (readers still get the event).</summary>
    private async Task Append(ExperimentEventKind kind, string message, int? fold = null, int? depth = null, EpochProgress? epoch = null)
    {
        try
        {
            await Log.Append(kind, message, fold, depth, epoch);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Experiment {Experiment}: its event log could not be written ({Error})", Id, e.Message);
        }
    }

    private async Task<ExperimentInfo> Info()
    {
        var s = state.State;
        var folds = await Task.WhenAll(s.Folds.Select(f => Fold(f).GetInfo()));
        return new ExperimentInfo(Id, s.Spec!, s.Status, s.Created, s.Finished, s.RunFolder, folds, s.Error);
    }

    private void RequireExists()
    {
        if (!state.RecordExists)
            throw new KeyNotFoundException($"no experiment '{Id}'");
    }

    private IFoldGrain Fold(int fold) => GrainFactory.GetGrain<IFoldGrain>(StageKeys.Fold(Id, fold));
}
