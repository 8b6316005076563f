using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BrainTumor.Protocol.Runs;

/// <summary>
/// A run folder and the name of every file in it: <c>run.json</c> (the folder's format version),
/// <c>spec.json</c>, <c>folds.json</c>, <c>events.jsonl</c>, per fold <c>fold-N/stage-K.ckpt</c>
/// (epoch checkpoint), <c>stage-K.pt</c> (the stage's best weights), <c>stage-K.json</c> (its
/// epochs), <c>refit-K.ckpt</c>, <c>refit-K.pt</c>, <c>refit-K.json</c> (the same for a refit stage),
/// <c>test.json</c> (the test predictions), and <c>report.json</c>, <c>report.md</c>,
/// <c>report.html</c> at the end. Format 1 had no <c>run.json</c>; format 2 adds it and changes no
/// other file, so a folder without it is read as format 1.
/// </summary>
public sealed class RunFolder(string path)
{
    public const int FormatVersion = 2;

    private const string VersionKey = "format_version";

    public string Path { get; } = path;

    public string Format => Combine("run.json");

    public string Spec => Combine("spec.json");

    public string Plan => Combine("folds.json");

    public string Events => Combine("events.jsonl");

    public string Report => Combine("report.json");

    public string ReportMarkdown => Combine("report.md");

    public string ReportHtml => Combine("report.html");

    public string Fold(int fold) => Combine(Invariant($"fold-{fold}"));

    public string Checkpoint(int fold, int depth) => System.IO.Path.Combine(Fold(fold), Invariant($"stage-{depth}.ckpt"));

    public string Weights(int fold, int depth) => System.IO.Path.Combine(Fold(fold), Invariant($"stage-{depth}.pt"));

    public string StageResult(int fold, int depth) => System.IO.Path.Combine(Fold(fold), Invariant($"stage-{depth}.json"));

    public string RefitCheckpoint(int fold, int depth) => System.IO.Path.Combine(Fold(fold), Invariant($"refit-{depth}.ckpt"));

    public string RefitWeights(int fold, int depth) => System.IO.Path.Combine(Fold(fold), Invariant($"refit-{depth}.pt"));

    public string RefitResult(int fold, int depth) => System.IO.Path.Combine(Fold(fold), Invariant($"refit-{depth}.json"));

    /// <summary>The weights fold <paramref name="fold"/> tested at its chosen <paramref name="depth"/>: its refit stage's with a refitting spec, else its ladder stage's best.</summary>
    public string TestedWeights(int fold, int depth, bool refit) => refit ? RefitWeights(fold, depth) : Weights(fold, depth);

    public string TestResult(int fold) => System.IO.Path.Combine(Fold(fold), "test.json");

    /// <summary>Marks the folder as written in this version's format (<see cref="FormatVersion"/>).</summary>
    public void WriteFormat()
    {
        Directory.CreateDirectory(Path);
        File.WriteAllText(Format, new JsonObject { [VersionKey] = FormatVersion }.ToJsonString());
    }

    /// <summary>
    /// The folder's format version: 1 without <c>run.json</c>, else the one it names. A version this
    /// code does not know is an <see cref="InvalidDataException"/> naming the file, the version found
    /// and the versions read.
    /// </summary>
    public int ReadFormat()
    {
        if (!File.Exists(Format))
            return 1;
        JsonNode? version;
        try
        {
            version = (JsonNode.Parse(File.ReadAllText(Format)) as JsonObject)?[VersionKey];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Format}: not valid JSON; expected {{\"{VersionKey}\": {FormatVersion}}}", e);
        }
        if (version is JsonValue v && v.TryGetValue<int>(out var n) && n is >= 1 and <= FormatVersion)
            return n;
        throw new InvalidDataException(
            $"{Format}: {VersionKey} {version?.ToJsonString() ?? "missing"}; this version reads run folders of format 1 to {FormatVersion}");
    }

    private string Combine(string name) => System.IO.Path.Combine(Path, name);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
