using System.Globalization;
using System.Text.Json;
using BrainTumor.Imaging.Folds;
using BrainTumor.Imaging.Storage;

namespace BrainTumor.Grains.Training;

/// <summary>
/// The files of a run folder, in one place: <c>spec.json</c>, <c>folds.json</c>, and per fold
/// <c>fold-N/stage-K.ckpt</c> (epoch checkpoint), <c>stage-K.pt</c> (the stage's best weights),
/// <c>stage-K.json</c> (its epochs), <c>test.json</c> (the test predictions); <c>events.jsonl</c> (the
/// experiment's event log, appended as it runs); <c>report.json</c> at the end.
/// </summary>
public static class RunLayout
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string Spec(string run) => Path.Combine(run, "spec.json");

    public static string Events(string run) => Path.Combine(run, "events.jsonl");

    public static string Plan(string run) => Path.Combine(run, FoldPlanStore.FileName);

    public static string Report(string run) => BrainTumor.Reports.ReportFiles.Json(run);

    public static string FoldFolder(string run, int fold) => Path.Combine(run, string.Create(CultureInfo.InvariantCulture, $"fold-{fold}"));

    public static string Checkpoint(string run, int fold, int depth) => Path.Combine(FoldFolder(run, fold), string.Create(CultureInfo.InvariantCulture, $"stage-{depth}.ckpt"));

    public static string Weights(string run, int fold, int depth) => Path.Combine(FoldFolder(run, fold), string.Create(CultureInfo.InvariantCulture, $"stage-{depth}.pt"));

    public static string StageResult(string run, int fold, int depth) => Path.Combine(FoldFolder(run, fold), string.Create(CultureInfo.InvariantCulture, $"stage-{depth}.json"));

    public static string TestResult(string run, int fold) => Path.Combine(FoldFolder(run, fold), "test.json");

    public static void WriteJson<T>(string path, T value) =>
        AtomicFile.Write(path, partial => File.WriteAllText(partial, JsonSerializer.Serialize(value, Json)));

    public static T ReadJson<T>(string path) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path}: empty JSON");
}
