using System.Text.Json;
using BrainTumor.Imaging.Storage;
using BrainTumor.Protocol.Runs;

namespace BrainTumor.Learning.Prediction;

/// <summary>Reads and writes the small JSON files of a run folder, with errors that name the file and what it should hold.</summary>
internal static class RunJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static T Read<T>(string path, string expected) => RunRecords.Read<T>(path, expected, Options);

    public static void Write<T>(string path, T value) =>
        AtomicFile.Write(path, partial => File.WriteAllText(partial, JsonSerializer.Serialize(value, Options)));
}
