using System.Text.Json;

namespace BrainTumor.Client.Tests;

/// <summary>
/// The progress header of a stage checkpoint (<c>stage-k.ckpt</c>), read the way the trainer writes it:
/// a length-prefixed magic string, then the progress as length-prefixed JSON. Lets a test see which
/// epoch a killed silo left on disk without loading any tensor.
/// </summary>
internal static class CheckpointHeader
{
    public static (int EpochsDone, bool Finished) Read(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var magic = reader.ReadString();
        Assert.StartsWith("braintumor-stage-checkpoint/", magic);
        using var progress = JsonDocument.Parse(reader.ReadString());
        return (progress.RootElement.GetProperty("EpochsDone").GetInt32(), progress.RootElement.GetProperty("Finished").GetBoolean());
    }
}
