using System.Text.Json;
using System.Text.Json.Nodes;

namespace BrainTumor.Protocol.Specs;

/// <summary>
/// An <see cref="ExperimentSpec"/> as JSON: snake_case keys (<see cref="ExperimentSpecFields"/>), and
/// in a run folder's spec.json a <c>format_version</c> first. Format 1, written before the keys
/// were snake_case, had PascalCase keys (<c>BatchSize</c>) and no version; it is still read.
/// </summary>
public static class SpecJson
{
    public const int FormatVersion = 2;

    private const string VersionKey = "format_version";

    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    private static readonly JsonSerializerOptions FormatOne = new() { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    /// <summary>The spec as spec.json holds it: the format version, then every field.</summary>
    public static string Write(ExperimentSpec spec)
    {
        var fields = JsonSerializer.SerializeToNode(spec, Options)!.AsObject();
        var file = new JsonObject { [VersionKey] = FormatVersion };
        foreach (var (key, value) in fields.ToList())
        {
            fields.Remove(key);
            file[key] = value;
        }
        return file.ToJsonString(Options);
    }

    /// <summary>
    /// The spec in <paramref name="json"/> (the text of <paramref name="source"/>), its values
    /// checked (<see cref="ExperimentSpec.Validated"/>); an <see cref="InvalidDataException"/>
    /// naming the source, the key and what was expected otherwise.
    /// </summary>
    public static ExperimentSpec Read(string json, string source)
    {
        var spec = Parse(json, source);
        try
        {
            return spec.Validated();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{source}: {e.Message}", e);
        }
    }

    /// <summary>The spec in <paramref name="json"/> as written, its keys and types checked but not its values (a request is refused by the one who receives it, with the values named).</summary>
    public static ExperimentSpec Parse(string json, string source)
    {
        JsonObject file;
        try
        {
            file = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException($"{source}: expected a JSON object with the experiment's fields");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not valid JSON (line {e.LineNumber + 1}); expected an experiment spec", e);
        }
        var version = file[VersionKey] is JsonValue v && v.TryGetValue<int>(out var n) ? n : file.ContainsKey(VersionKey) ? -1 : 1;
        if (version != 1 && version != FormatVersion)
            throw new InvalidDataException($"{source}: {VersionKey} {file[VersionKey]?.ToJsonString()}; this version reads spec files of format 1 and {FormatVersion}");
        file.Remove(VersionKey);
        var options = version == 1 ? FormatOne : Options;
        var name = version == 1 ? (Func<SpecField, string>)(f => f.Name) : f => f.Key;
        foreach (var (key, _) in file)
            if (ExperimentSpecFields.All.All(f => name(f) != key))
                throw new InvalidDataException($"{source}: unknown key \"{key}\" (format {version}); expected {string.Join(", ", ExperimentSpecFields.All.Select(name))}");
        if (!file.ContainsKey(name(ExperimentSpecFields.Dataset)))
            throw new InvalidDataException($"{source}: no \"{name(ExperimentSpecFields.Dataset)}\"; an experiment spec names its dataset folder");
        try
        {
            return file.Deserialize<ExperimentSpec>(options)!;
        }
        catch (JsonException e)
        {
            var key = e.Path?.TrimStart('$', '.');
            throw new InvalidDataException($"{source}: \"{key}\" has the wrong type; expected {Expected(e.Path, name)}", e);
        }
    }

    private static string Expected(string? path, Func<SpecField, string> name) =>
        ExperimentSpecFields.All.FirstOrDefault(f => path == "$." + name(f)) switch
        {
            null => "the types of an experiment spec",
            var f => SpecValueText.Describe(f.ValueType) + (Nullable.GetUnderlyingType(f.ValueType) is null ? "" : " or null"),
        };
}
