using BrainTumor.Imaging.Storage;
using BrainTumor.Learning.Weights;
using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using BrainTumor.Protocol.Runs;

namespace BrainTumor.Learning.Training;

/// <summary>
/// Where a stage stands after an epoch: the schedule position and early-stopping state (what the
/// checkpoint's JSON header holds). The best metric and loss mean nothing while <see cref="BestEpoch"/>
/// is 0 (they start at 0, JSON holding no infinity); <see cref="Failure"/> says why a failed stage ended;
/// <see cref="Interrupted"/> is the epoch a cancellation stopped between two batches.
/// </summary>
internal sealed record StageProgress(
    int Depth,
    int EpochsDone,
    int BestEpoch,
    double BestMetric,
    double BestLoss,
    int StaleEpochs,
    bool Finished,
    bool StoppedEarly,
    double Seconds,
    IReadOnlyList<EpochRecord> Epochs,
    CacheReport? Cache = null,
    string? Failure = null,
    InterruptedEpoch? Interrupted = null)
{
    public static StageProgress Start(int depth) => new(depth, 0, 0, 0, 0, 0, false, false, 0, []);
}

/// <summary>
/// Epoch <paramref name="Epoch"/> as a cancellation left it: its first <paramref name="Batches"/> training batches
/// stepped (all of them when validation was cut short) and their running sums, so a resumed stage goes on with the
/// next batch and ends the epoch with the numbers it would have had.
/// </summary>
internal sealed record InterruptedEpoch(int Epoch, int Batches, double LossSum, long Correct, long Seen);

/// <summary>
/// One file per fold and stage, rewritten after every epoch (and where a cancellation stops the stage, between two batches): a JSON header (<see cref="StageProgress"/>:
/// epoch, best metric, early-stopping counter, history), then the current and the best values of
/// the stage's trainable blocks, the optimizer's state (momentum buffers, AdamW moments) and
/// libtorch's RNG state (dropout). The frozen blocks are left out: they hold the weights the stage
/// started from and cannot change, and a resumed stage starts from those weights again; at stage 0
/// of ResNet18 that makes the file kilobytes instead of twice the network. The shuffling RNG needs
/// no state: each epoch's order is drawn from (seed, depth, epoch). Written beside the target and
/// renamed into place (the previous one moved aside first: AtomicFile.Rewrite), so a crash of the
/// process never leaves a partial file. Not forced to the disk (no fsync): a process crash keeps every written page, and waiting for the disk made a
/// stage-1 checkpoint of ResNet18 2.5 times as slow (docs/BENCHMARKS.md, "Hot spots"); a file cut
/// short by a power loss is recognised by its missing end mark and refused.
/// </summary>
internal static class StageCheckpoint
{
    private const string Magic = "braintumor-stage-checkpoint/5";
    private const string BeforeInterruptions = "braintumor-stage-checkpoint/4"; // the same file, never written between batches
    private const ulong EndMark = 0x646E452E74706B63; // "ckpt.End", the file's last 8 bytes
    private const string Owner = "the blocks the stage trains";
    private const string Hint = "a checkpoint of another network or depth?";

    /// <summary>Saves the entries named by <paramref name="trainable"/> (the trainable blocks' parameters and buffers).</summary>
    public static void Save(string path, StageProgress progress, nn.Module model, IReadOnlyDictionary<string, Tensor> best, OptimizerHelper optimizer,
        IReadOnlySet<string> trainable)
    {
        AtomicFile.Rewrite(path, partial =>
        {
            using var stream = new FileStream(partial, FileMode.CreateNew, FileAccess.Write);
            using var writer = new BinaryWriter(stream);
            writer.Write(Magic);
            writer.Write(JsonSerializer.Serialize(progress));
            TorchSharpFormat.WriteEntries(writer, Only(trainable, model.state_dict()));
            TorchSharpFormat.WriteEntries(writer, Only(trainable, best));
            optimizer.save_state_dict(writer);
            using var rng = torch.get_rng_state();
            rng.Save(writer);
            writer.Write(EndMark);
        });
    }

    /// <summary>
    /// Restores the trainable entries of the model and of the best weights (into <paramref name="best"/>,
    /// same keys), the optimizer and the RNG; returns the progress. The model must hold the stage's
    /// starting weights (the frozen blocks are not in the file).
    /// </summary>
    public static StageProgress Load(string path, nn.Module model, IReadOnlyDictionary<string, Tensor> best, OptimizerHelper optimizer,
        IReadOnlySet<string> trainable)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var progress = ReadProgress(stream, reader, path);
        using (no_grad())
        {
            TorchSharpFormat.ReadEntries(reader, Only(trainable, model.state_dict()), path, Owner, Hint);
            TorchSharpFormat.ReadEntries(reader, Only(trainable, best), path, Owner, Hint);
        }
        optimizer.load_state_dict(reader);
        using var rng = torch.get_rng_state();
        rng.Load(reader);
        torch.set_rng_state(rng);
        return progress;
    }

    /// <summary>The progress a checkpoint holds (its header), after checking that the file is a whole checkpoint of this version.</summary>
    public static StageProgress ReadProgress(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        return ReadProgress(stream, reader, path);
    }

    private static StageProgress ReadProgress(FileStream stream, BinaryReader reader, string path)
    {
        var magic = reader.ReadString();
        if (magic is "braintumor-stage-checkpoint/1" or "braintumor-stage-checkpoint/2" or "braintumor-stage-checkpoint/3")
            throw new InvalidDataException($"{path}: a checkpoint of an earlier version ({magic}); delete it to train the stage from its start");
        if (magic != Magic && magic != BeforeInterruptions)
            throw new InvalidDataException($"{path}: not a stage checkpoint (header '{magic}')");
        RequireEndMark(stream, reader, path);
        return JsonSerializer.Deserialize<StageProgress>(reader.ReadString())
            ?? throw new InvalidDataException($"{path}: empty progress header");
    }

    /// <summary>A file without its end mark was cut short (written when the machine lost power): refused before anything is loaded from it.</summary>
    private static void RequireEndMark(FileStream stream, BinaryReader reader, string path)
    {
        var position = stream.Position;
        var complete = stream.Length - position >= sizeof(ulong) && stream.Seek(-sizeof(ulong), SeekOrigin.End) > 0 && reader.ReadUInt64() == EndMark;
        stream.Position = position;
        if (!complete)
            throw new InvalidDataException($"{path}: an incomplete stage checkpoint ({stream.Length} bytes, no end mark); delete it to train the stage from its start");
    }

    /// <summary>The entries named in <paramref name="names"/>, in the dictionary's order.</summary>
    private static Dictionary<string, Tensor> Only(IReadOnlySet<string> names, IReadOnlyDictionary<string, Tensor> entries) =>
        entries.Where(e => names.Contains(e.Key)).ToDictionary(e => e.Key, e => e.Value);
}
