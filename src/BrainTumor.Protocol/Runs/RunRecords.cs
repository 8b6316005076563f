using System.Text.Json;

namespace BrainTumor.Protocol.Runs;

/// <summary>
/// Reads one JSON record of a run folder: a missing, empty or damaged file is an error naming it and
/// what it should hold, never a parser's message alone. Every reader of run-folder records uses it.
/// </summary>
public static class RunRecords
{
    public static T Read<T>(string path, string expected, JsonSerializerOptions? options = null)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: not found; expected {expected}", path);
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), options)
                   ?? throw new InvalidDataException($"{path}: empty; expected {expected}");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON for {expected} ({e.Message})", e);
        }
    }
}
