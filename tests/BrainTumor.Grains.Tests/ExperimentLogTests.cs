using BrainTumor.Contracts;
using BrainTumor.Grains.Experiments;
using BrainTumor.Testing;

namespace BrainTumor.Grains.Tests;

/// <summary>The experiment's event log file: what a new activation reads back, and what a crash mid-line leaves.</summary>
public sealed class ExperimentLogTests
{
    private readonly string _path = Path.Combine(TestPaths.NewTempDirectory("experiment-log"), "events.jsonl");

    private static readonly EpochProgress Epoch = new(3, 10, 0.1234567891234, 0.5, double.NaN, 1.0 / 3, 12.5, true);

    [Fact]
    public async Task A_reopened_log_holds_the_same_events_and_numbers_on_after_the_last()
    {
        var log = ExperimentLog.Open(_path);
        await log.Append(ExperimentEventKind.Started, "exp: started");
        await log.Append(ExperimentEventKind.Epoch, "exp fold 1 stage 0: epoch 3/10", 1, 0, Epoch);
        await log.Append(ExperimentEventKind.StageCompleted, "exp fold 1 test (depth 0): done", 1);

        var reopened = ExperimentLog.Open(_path);
        Assert.Equal(log.After(0, 10), reopened.After(0, 10));
        Assert.Equal([2L, 3L], reopened.After(1, 10).Select(e => e.Sequence));
        Assert.Equal([1L], reopened.After(0, 1).Select(e => e.Sequence));
        Assert.Equal(Epoch, reopened.After(1, 1)[0].Epoch);
        await reopened.Append(ExperimentEventKind.Completed, "exp: done");
        Assert.Equal(4, reopened.LastSequence);

        // One JSON line per event, kinds in snake_case, no byte order mark.
        var lines = await File.ReadAllLinesAsync(_path);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("{\"sequence\":1,", lines[0]);
        Assert.Contains("\"kind\":\"stage_completed\"", lines[2]);
        Assert.Equal((byte)'{', (await File.ReadAllBytesAsync(_path))[0]);
    }

    [Fact]
    public async Task A_line_cut_short_by_a_crash_is_left_out_and_the_next_event_starts_its_own_line()
    {
        var log = ExperimentLog.Open(_path);
        await log.Append(ExperimentEventKind.Started, "exp: started");
        await log.Append(ExperimentEventKind.Decision, "exp fold 1: deeper", 1, 0);
        var whole = await File.ReadAllTextAsync(_path);
        await File.WriteAllTextAsync(_path, whole[..^20]);

        var reopened = ExperimentLog.Open(_path);
        Assert.Equal([ExperimentEventKind.Started], reopened.After(0, 10).Select(e => e.Kind));
        await reopened.Append(ExperimentEventKind.Resumed, "exp: resumed");

        var again = ExperimentLog.Open(_path);
        Assert.Equal([(1L, ExperimentEventKind.Started), (2L, ExperimentEventKind.Resumed)], again.After(0, 10).Select(e => (e.Sequence, e.Kind)));
    }

    [Fact]
    public async Task Only_the_latest_events_are_kept_for_reading_and_every_one_stays_in_the_file()
    {
        var log = ExperimentLog.Open(_path);
        for (var i = 0; i < ExperimentLog.Kept + 5; i++)
            await log.Append(ExperimentEventKind.StageQueued, $"event {i + 1}");

        var reopened = ExperimentLog.Open(_path);
        Assert.Equal(ExperimentLog.Kept + 5, reopened.LastSequence);
        Assert.Equal(6, reopened.After(0, 1).Single().Sequence);
        Assert.Equal(ExperimentLog.Kept, reopened.After(0, int.MaxValue).Count);
        Assert.Equal(ExperimentLog.Kept + 5, (await File.ReadAllLinesAsync(_path)).Length);
    }

    [Fact]
    public async Task An_event_whose_file_cannot_be_written_is_still_kept_for_readers_and_the_failure_is_thrown()
    {
        var log = ExperimentLog.Open(Path.Combine(Path.GetDirectoryName(_path)!, "removed-run", "events.jsonl"));
        await Assert.ThrowsAnyAsync<IOException>(() => log.Append(ExperimentEventKind.Cancelled, "exp: cancelled by request"));
        Assert.Equal([(1L, ExperimentEventKind.Cancelled)], log.After(0, 10).Select(e => (e.Sequence, e.Kind)));
    }
}
