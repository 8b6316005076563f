using System.Text.Json;
using BrainTumor.Imaging.Storage;

namespace BrainTumor.Learning.Prediction;

/// <summary>Reads and writes the small JSON files of a run folder, with errors that name the file and what it should hold.</summary>
internal static class RunJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static T Read<T>(string path, string expected)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: not found; expected {expected}", path);
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options)
                   ?? throw new InvalidDataException($"{path}: empty; expected {expected}");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON for {expected} ({e.Message})", e);
        }
    }

    public static void Write<T>(string path, T value) =>
        AtomicFile.Write(path, partial => File.WriteAllText(partial, JsonSerializer.Serialize(value, Options)));
}
