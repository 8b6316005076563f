using System.Text.Json;
using BrainTumor.Imaging.Storage;
using BrainTumor.Protocol.Runs;
using BrainTumor.Reports.Document;

namespace BrainTumor.Reports;

/// <summary>Reads and writes <c>report.json</c>: snake_case names throughout, written atomically.</summary>
public static class ReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectNullableAnnotations = true,
    };

    public static string Serialize(ReportDocument document) => JsonSerializer.Serialize(document, Options);

    public static void Write(string path, ReportDocument document) =>
        AtomicFile.Write(path, partial => File.WriteAllText(partial, Serialize(document)));

    /// <summary>What report.json holds, as its errors name it.</summary>
    public const string Expected = "a report of this version (report.json, which a finished experiment writes in its run folder)";

    /// <summary>The document in <paramref name="path"/>; a missing file, malformed JSON or a missing key is an error naming the file (<see cref="RunRecords"/>).</summary>
    public static ReportDocument Read(string path) => RunRecords.Read<ReportDocument>(path, Expected, Options);
}
