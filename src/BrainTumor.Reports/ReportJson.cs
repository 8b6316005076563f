using System.Text.Json;
using BrainTumor.Imaging.Storage;
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

    /// <summary>The document in <paramref name="path"/>; a missing file, malformed JSON or a missing key is an error naming the file.</summary>
    public static ReportDocument Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no report here; a finished experiment writes report.json in its run folder", path);
        try
        {
            return JsonSerializer.Deserialize<ReportDocument>(File.ReadAllText(path), Options)
                   ?? throw new InvalidDataException($"{path}: the file holds JSON null, expected a report object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a report of this version: {e.Message}", e);
        }
    }
}
