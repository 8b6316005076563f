using System.Globalization;
using BrainTumor.Contracts;
using BrainTumor.Protocol.Supervision;

namespace BrainTumor.Client.Commands;

/// <summary>Plain-text views of experiments and their results.</summary>
internal static class ExperimentText
{
    /// <summary>"dataset PATH: 299 slices accepted, 1 file(s) rejected (braintumor dataset inspect PATH lists them)"</summary>
    public static void WriteDataset(DatasetSummary dataset) =>
        Console.WriteLine($"dataset {dataset.Path}: {dataset.Items} slices accepted, {dataset.Rejected.Count} file(s) rejected" +
            (dataset.Rejected.Count == 0 ? "" : $" (braintumor dataset inspect {dataset.Path} lists them)"));

    /// <summary>
    /// What became of an experiment whose follower took Ctrl+C or SIGTERM (on stderr): this process's silo stopped it at
    /// a batch boundary with its checkpoints, or it goes on in the silo this process only watched.
    /// </summary>
    public static void WriteInterrupted(string id, bool hostedHere) =>
        Console.Error.WriteLine(hostedHere
            ? $"interrupted: experiment {id} stops at a batch boundary and keeps its checkpoints; braintumor experiment resume {id} carries on from there"
            : $"detached: experiment {id} goes on in the silo; braintumor experiment watch {id} follows it again");

    public static void WriteInfo(ExperimentInfo info)
    {
        var s = info.Spec;
        Console.WriteLine($"experiment {info.Id}: {info.Status}{(info.Error is null ? "" : $" ({info.Error})")}");
        Console.WriteLine($"  {s.Backbone} on {s.Dataset}; folds {(s.FoldsFrom ?? s.Folds?.ToString(CultureInfo.InvariantCulture) ?? "given by the data")}; policy {s.Policy}; up to {s.Epochs} epochs per stage");
        Console.WriteLine($"  run folder {info.RunFolder}; created {info.Created:u}{(info.Finished is { } f ? $", finished {f:u}" : "")}");
        foreach (var fold in info.Folds)
        {
            var test = fold.Test is { } t ? F($"; test accuracy {t.Accuracy:F4} at depth {t.Depth}") : "";
            Console.WriteLine($"  fold {fold.Fold}: {fold.Status}{test}{(fold.Error is null ? "" : $" ({fold.Error})")}");
            foreach (var stage in fold.Stages)
                Console.WriteLine(stage.Failure is { } failure
                    ? F($"    stage {stage.Depth}: failed: {failure} ({stage.Seconds:F1} s)")
                    : F($"    stage {stage.Depth}: best validation accuracy {stage.BestValidationAccuracy:F4} at epoch {stage.BestEpoch}/{stage.EpochsRun} ({stage.Seconds:F1} s)"));
            foreach (var d in fold.Decisions)
                Console.WriteLine($"    after stage {d.Depth}: {d.Action.Name()}: {d.Reason}");
            if (fold.Status == RunStatus.Running && fold.Current is { } current)
                Console.WriteLine($"    now: {current.Key} {current.Status} on {current.Device}{(current.LastEpoch is { } e ? $", epoch {e.Epoch}/{e.MaxEpochs}" : "")}");
        }
    }

    public static void WriteReport(ExperimentReport report)
    {
        Console.WriteLine(F($"experiment {report.Id}: mean test accuracy {report.MeanAccuracy:P2} ± {report.SdAccuracy ?? 0:P2} over {report.Folds.Count} folds"));
        Console.WriteLine();
        Console.WriteLine("  fold  depth  accuracy");
        foreach (var f in report.Folds)
            Console.WriteLine(F($"  {f.Fold,4}  {f.Depth,5}  {f.Accuracy,8:P2}"));
        Console.WriteLine();
        Console.WriteLine("  class        precision  recall  specificity  F1");
        foreach (var (label, c) in report.PerClass)
            Console.WriteLine(F($"  {label,-11}  {c.Precision,9:F4}  {c.Recall,6:F4}  {c.Specificity,11:F4}  {c.F1:F4}"));
        Console.WriteLine();
        Console.WriteLine($"report: {Path.ChangeExtension(report.ReportPath, ".html")} (also .md and .json beside it)");
    }

    /// <summary>Text in the invariant culture, as every command line prints numbers.</summary>
    internal static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
