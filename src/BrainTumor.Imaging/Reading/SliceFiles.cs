namespace BrainTumor.Imaging.Reading;

/// <summary>
/// Reads one slice file outside a dataset (a file given to prediction) with the same reader, checks
/// and limits a dataset of its kind gets, chosen by extension: <c>.jpg</c>, <c>.jpeg</c> and
/// <c>.png</c> as in image folders, <c>.mat</c> as a figshare MATLAB v7.3 slice.
/// </summary>
public static class SliceFiles
{
    public const string Expected = ".jpg, .jpeg, .png or .mat (figshare MATLAB v7.3)";

    /// <summary>The slice's raw intensities; throws <see cref="ItemRejectedException"/> with the reason for a file that cannot be used.</summary>
    public static SliceImage Read(string path, ImagingLimits? limits = null)
    {
        limits ??= ImagingLimits.Default;
        if (ImageFolderReader.IsImageFile(path))
            return new ImageFolderReader(limits).ReadFile(path);
        if (string.Equals(Path.GetExtension(path), ".mat", StringComparison.OrdinalIgnoreCase))
            return new FigshareMatReader(limits).ReadFile(path);
        throw new ItemRejectedException(RejectionReason.NotAnImage, $"extension '{Path.GetExtension(path)}' is not {Expected}");
    }
}
