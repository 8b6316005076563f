namespace BrainTumor.Learning.Jobs;

/// <summary>A weights file as it was when a network loaded or wrote it: a rewritten file (another size or time) is another stamp.</summary>
internal sealed record WeightsFileStamp(string Path, long Length, DateTime WrittenUtc)
{
    public static WeightsFileStamp Of(string path)
    {
        var file = new FileInfo(path);
        return new WeightsFileStamp(file.FullName, file.Length, file.LastWriteTimeUtc);
    }
}
