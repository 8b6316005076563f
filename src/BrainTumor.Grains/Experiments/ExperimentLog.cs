using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BrainTumor.Grains.Experiments;

/// <summary>
/// An experiment's event log: <c>events.jsonl</c> in its run folder, one JSON line appended per
/// event. Logging an event writes that line and no grain state, so the cost of an event does not
/// grow with the log. The last <see cref="Kept"/> events are held in memory for
/// <see cref="IExperimentGrain.GetEvents"/>; a new activation reads them back from the file.
/// </summary>
public sealed class ExperimentLog
{
    /// <summary>How many of the latest events a client can read.</summary>
    public const int Kept = 2000;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly string _path;
    private readonly List<ExperimentEvent> _events;

    private ExperimentLog(string path, List<ExperimentEvent> events)
    {
        _path = path;
        _events = events;
        LastSequence = events.Count == 0 ? 0 : events[^1].Sequence;
    }

    public long LastSequence { get; private set; }

    /// <summary>
    /// The log at <paramref name="path"/>, its latest events read back. A line cut short by a crash
    /// while it was appended is left out, and ended so the next event starts a line of its own.
    /// </summary>
    public static ExperimentLog Open(string path)
    {
        if (!File.Exists(path))
            return new ExperimentLog(path, []);
        var text = File.ReadAllText(path, Utf8);
        if (text.Length > 0 && text[^1] != '\n')
            File.AppendAllText(path, "\n", Utf8);
        var events = new List<ExperimentEvent>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Parse(line) is { } e)
                events.Add(e);
        }
        return new ExperimentLog(path, events.Count > Kept ? events[^Kept..] : events);
    }

    /// <summary>
    /// Numbers the event after the last one, keeps it, and appends it to the file. When the file
    /// cannot be written (its run folder was removed) the event is still kept for readers and the
    /// <see cref="IOException"/> is thrown for the caller to report.
    /// </summary>
    public Task Append(ExperimentEventKind kind, string message, int? fold = null, int? depth = null, EpochProgress? epoch = null)
    {
        var e = new ExperimentEvent(LastSequence + 1, DateTimeOffset.UtcNow, kind, fold, depth, message, epoch);
        LastSequence = e.Sequence;
        _events.Add(e);
        if (_events.Count > Kept)
            _events.RemoveRange(0, _events.Count - Kept);
        return File.AppendAllTextAsync(_path, JsonSerializer.Serialize(e, Json) + "\n", Utf8);
    }

    /// <summary>The kept events after <paramref name="afterSequence"/>, oldest first, at most <paramref name="max"/> (1 to <see cref="Kept"/>).</summary>
    public IReadOnlyList<ExperimentEvent> After(long afterSequence, int max) =>
        [.. _events.Where(e => e.Sequence > afterSequence).Take(Math.Clamp(max, 1, Kept))];

    private static ExperimentEvent? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<ExperimentEvent>(line, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
