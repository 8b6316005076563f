namespace BrainTumor.Imaging.Reading;

/// <summary>Chooses the reader for a dataset folder from what is in it.</summary>
public static class DatasetReaders
{
    public static IDatasetReader ForFolder(string root, ImagingLimits? limits = null)
    {
        limits ??= ImagingLimits.Default;
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException(File.Exists(root)
                ? $"{root}: is a file, expected a dataset folder"
                : $"{root}: dataset folder not found");
        if (FigshareMatReader.Recognises(root))
            return new FigshareMatReader(limits);
        if (ImageFolderReader.ImageRoot(root) is not null)
            return new ImageFolderReader(limits);
        throw new InvalidDataException(
            $"{root}: no dataset found; expected figshare MATLAB files (<N>.mat with /cjdata) or class folders " +
            $"(<class>/<file>.jpg|png, optionally under {ImageFolderReader.ImagesFolder}/ with {Manifest.FileName})");
    }
}
