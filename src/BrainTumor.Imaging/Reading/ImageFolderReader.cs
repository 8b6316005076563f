using BrainTumor.Protocol.Labels;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace BrainTumor.Imaging.Reading;

/// <summary>
/// Reads class folders of JPEG or PNG slices, <c>&lt;class&gt;/&lt;file&gt;</c>, either at the
/// root or under <c>images/</c>, with an optional <c>manifest.csv</c> at the root (see
/// <see cref="Manifest"/>). The folder name is the label.
/// </summary>
public sealed class ImageFolderReader(ImagingLimits limits) : IDatasetReader
{
    public const string ImagesFolder = "images";
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png"];

    // Only the two decoders the data needs: every other format is "not an image" here, which keeps
    // the attack surface of crafted files small.
    private static readonly Configuration Decoders = new(new JpegConfigurationModule(), new PngConfigurationModule());

    public string Format => "image-folder";

    /// <summary>The folder holding the class folders, or null when <paramref name="root"/> is not this layout.</summary>
    public static string? ImageRoot(string root)
    {
        foreach (var candidate in new[] { Path.Combine(root, ImagesFolder), root })
            if (Directory.Exists(candidate) && Directory.EnumerateDirectories(candidate)
                    .Any(d => Directory.EnumerateFiles(d).Any(IsImageFile)))
                return candidate;
        return null;
    }

    public DatasetIndex Index(string root)
    {
        root = Path.GetFullPath(root);
        var imageRoot = ImageRoot(root) ?? throw new InvalidDataException(
            $"{root}: no class folders with .jpg or .png files (expected <class>/<file>.jpg, optionally under {ImagesFolder}/)");
        var manifestPath = Path.Combine(root, Manifest.FileName);
        var manifest = File.Exists(manifestPath) ? Manifest.Read(manifestPath) : null;
        var items = new List<DatasetItem>();
        var rejected = new List<RejectedFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var boundary = new DatasetPaths.Boundary(root);

        foreach (var folder in Directory.EnumerateDirectories(imageRoot).OrderBy(d => d, StringComparer.Ordinal))
        {
            var folderName = Path.GetFileName(folder);
            var known = LabelMap.TryParseName(folderName, out var label);
            foreach (var file in Directory.EnumerateFiles(folder).OrderBy(NaturalKey).ThenBy(f => f, StringComparer.Ordinal))
            {
                var id = $"{folderName}/{Path.GetFileName(file)}";
                seen.Add(id);
                if (Path.GetFileName(file).StartsWith('.'))
                    continue; // hidden files (.DS_Store and the like) are not data
                try
                {
                    boundary.Check(file);
                }
                catch (ItemRejectedException e)
                {
                    rejected.Add(new RejectedFile(id, e.Reason, e.Message));
                    continue;
                }
                if (!IsImageFile(file))
                {
                    rejected.Add(new RejectedFile(id, RejectionReason.NotAnImage, "extension is not .jpg, .jpeg or .png"));
                    continue;
                }
                if (!known)
                {
                    rejected.Add(new RejectedFile(id, RejectionReason.UnknownLabel,
                        $"folder '{folderName}' is not a tumour class; expected {LabelMap.ExpectedNames}"));
                    continue;
                }
                var attributes = manifest?.Rows.GetValueOrDefault(id) ?? new Dictionary<string, string>();
                if (attributes.TryGetValue("label", out var listed) && listed.Length > 0
                    && (!LabelMap.TryParseName(listed, out var listedLabel) || listedLabel != label))
                {
                    rejected.Add(new RejectedFile(id, RejectionReason.LabelConflict,
                        $"manifest.csv says '{listed}' but the file is in folder '{folderName}'"));
                    continue;
                }
                items.Add(new DatasetItem(id, file, label!.Value, GroupOf(manifest, attributes), attributes));
            }
        }
        if (manifest is not null)
            foreach (var listedFile in manifest.Rows.Keys.Where(k => !seen.Contains(k)))
                rejected.Add(new RejectedFile(listedFile, RejectionReason.MissingFile, "listed in manifest.csv but not found"));

        var groupSource = manifest?.GroupColumn is { } column ? $"manifest:{column}" : null;
        return new DatasetIndex(root, Format, items, rejected, groupSource, manifest?.FoldColumns ?? []);
    }

    public SliceImage ReadPixels(DatasetItem item) => ReadFile(item.Path);

    /// <summary>Decodes one JPEG or PNG file to its raw grey values; throws <see cref="ItemRejectedException"/> for a bad one.</summary>
    public SliceImage ReadFile(string path)
    {
        FileChecks.CheckSize(path, limits);
        var bytes = File.ReadAllBytes(path);
        FileChecks.CheckImageEnd(bytes);
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            var info = Image.Identify(Decoders, stream)
                ?? throw new ItemRejectedException(RejectionReason.NotAnImage, "not a JPEG or PNG image");
            FileChecks.CheckPixelCount(info.Width, info.Height, limits);
            stream.Position = 0;
            // 8-bit data (every JPEG, most PNGs) decodes straight to 8-bit grey; only 16-bit PNGs
            // need 16 bits. Raw values are kept either way: min-max normalisation comes later.
            var pixels = info.PixelType.BitsPerPixel is 16 or 48 or 64
                ? Decode<L16>(stream, p => p.PackedValue, out var width, out var height)
                : Decode<L8>(stream, p => p.PackedValue, out width, out height);
            return new SliceImage(width, height, pixels);
        }
        catch (ItemRejectedException) { throw; }
        catch (UnknownImageFormatException e)
        {
            throw new ItemRejectedException(RejectionReason.NotAnImage, "not a JPEG or PNG image", e);
        }
        catch (Exception e)
        {
            throw new ItemRejectedException(RejectionReason.Unreadable, $"cannot decode: {e.Message}", e);
        }
    }

    private static float[] Decode<TPixel>(Stream stream, Func<TPixel, float> value, out int width, out int height)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var image = Image.Load<TPixel>(Decoders, stream);
        var pixels = new float[image.Width * image.Height];
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                    pixels[y * row.Length + x] = value(row[x]);
            }
        });
        (width, height) = (image.Width, image.Height);
        return pixels;
    }

    private static string? GroupOf(Manifest? manifest, IReadOnlyDictionary<string, string> attributes)
    {
        if (manifest is null) return null;
        if (manifest.PatientColumn is { } patient && attributes.TryGetValue(patient, out var p) && p.Length > 0)
            return p;
        if (manifest.PatientColumn is null && manifest.FoldColumns.FirstOrDefault() is { } fold
            && attributes.TryGetValue(fold, out var f) && f.Length > 0)
            return $"{fold}:{f}";
        return null;
    }

    internal static bool IsImageFile(string path) =>
        ImageExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    // Sort 2.jpg before 10.jpg.
    private static string NaturalKey(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return int.TryParse(name, out var n) ? n.ToString("D12") : name;
    }
}
