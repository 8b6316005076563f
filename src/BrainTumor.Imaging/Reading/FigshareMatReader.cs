using BrainTumor.Protocol.Labels;
using PureHDF;

namespace BrainTumor.Imaging.Reading;

/// <summary>
/// Reads the figshare CE-MRI layout (Cheng et al., doi 10.6084/m9.figshare.1512427): a folder of
/// MATLAB v7.3 files <c>&lt;N&gt;.mat</c>, each with group <c>/cjdata</c> holding <c>label</c>
/// (1 meningioma, 2 glioma, 3 pituitary), <c>PID</c> (patient id as character codes),
/// <c>image</c> (int16, stored column-major), <c>tumorBorder</c> and <c>tumorMask</c>.
/// A <c>cvind.mat</c> beside them is Cheng's fold index, not a slice.
/// </summary>
public sealed class FigshareMatReader(ImagingLimits limits) : IDatasetReader
{
    public const string FoldIndexFile = "cvind.mat";
    private static readonly string[] RequiredFields = ["label", "PID", "image", "tumorBorder", "tumorMask"];

    public string Format => "figshare-mat";

    public static bool Recognises(string root) =>
        Directory.EnumerateFiles(root, "*.mat").Any(f => !IsFoldIndex(f));

    public DatasetIndex Index(string root)
    {
        root = Path.GetFullPath(root);
        var cvind = ReadFoldIndex(root);
        var items = new List<DatasetItem>();
        var rejected = new List<RejectedFile>();
        var files = Directory.EnumerateFiles(root, "*.mat")
            .Where(f => !IsFoldIndex(f))
            .OrderBy(f => int.TryParse(Path.GetFileNameWithoutExtension(f), out var n) ? n : int.MaxValue)
            .ThenBy(f => f, StringComparer.Ordinal);
        var boundary = new DatasetPaths.Boundary(root);
        foreach (var file in files)
        {
            var id = Path.GetFileName(file);
            try
            {
                boundary.Check(file);
                items.Add(IndexOne(file, id, cvind));
            }
            catch (ItemRejectedException e)
            {
                rejected.Add(new RejectedFile(id, e.Reason, e.Message));
            }
            catch (Exception e)
            {
                rejected.Add(new RejectedFile(id, RejectionReason.Unreadable, $"cannot read as MATLAB v7.3: {e.Message}"));
            }
        }
        return new DatasetIndex(root, Format, items, rejected, "PID", cvind is null ? [] : [AttributeNames.Cvind]);
    }

    public SliceImage ReadPixels(DatasetItem item) => ReadFile(item.Path);

    /// <summary>Reads <c>/cjdata/image</c> of one figshare file; throws <see cref="ItemRejectedException"/> for a bad one.</summary>
    public SliceImage ReadFile(string path)
    {
        var length = FileChecks.CheckSize(path, limits);
        Hdf5Checks.CheckComplete(path, length);
        try
        {
            using var file = H5File.OpenRead(path);
            var cjdata = OpenCjdata(file);
            var image = cjdata.Dataset("image");
            var dims = image.Space.Dimensions;
            if (dims.Length != 2)
                throw new ItemRejectedException(RejectionReason.Unreadable, $"/cjdata/image has {dims.Length} dimensions, expected 2");
            // MATLAB stores column-major, so HDF5 reports (columns, rows).
            long columns = (long)dims[0], rows = (long)dims[1];
            FileChecks.CheckPixelCount(columns, rows, limits);
            var raw = ReadIntegers(image);
            var pixels = new float[raw.Length];
            for (var c = 0; c < columns; c++)
                for (var r = 0; r < rows; r++)
                    pixels[r * columns + c] = raw[c * rows + r];
            return new SliceImage((int)columns, (int)rows, pixels);
        }
        catch (ItemRejectedException) { throw; }
        catch (Exception e)
        {
            throw new ItemRejectedException(RejectionReason.Unreadable, $"cannot read /cjdata/image: {e.Message}", e);
        }
    }

    private DatasetItem IndexOne(string path, string id, double[]? cvind)
    {
        var length = FileChecks.CheckSize(path, limits);
        Hdf5Checks.CheckComplete(path, length);
        using var file = H5File.OpenRead(path);
        var cjdata = OpenCjdata(file);
        var code = cjdata.Dataset("label").Read<double[]>();
        if (code.Length != 1 || !LabelMap.TryFromFigshareCode(code[0], out var label))
            throw new ItemRejectedException(RejectionReason.UnknownLabel,
                $"/cjdata/label is {string.Join(",", code)}, expected 1 (meningioma), 2 (glioma) or 3 (pituitary)");
        var pid = new string(cjdata.Dataset("PID").Read<ushort[]>().Select(c => (char)c).ToArray()).Trim('\0', ' ');
        if (pid.Length == 0)
            throw new ItemRejectedException(RejectionReason.MissingField, "/cjdata/PID is empty");

        var attributes = new Dictionary<string, string> { [AttributeNames.Pid] = pid };
        if (int.TryParse(Path.GetFileNameWithoutExtension(path), out var index) && index > 0)
        {
            attributes[AttributeNames.FigshareIndex] = index.ToString();
            if (cvind is not null && index <= cvind.Length)
                attributes[AttributeNames.Cvind] = ((int)cvind[index - 1]).ToString();
        }
        return new DatasetItem(id, path, label.Value, pid, attributes);
    }

    private static IH5Group OpenCjdata(IH5Group file)
    {
        if (!file.LinkExists("cjdata"))
            throw new ItemRejectedException(RejectionReason.MissingField, "no /cjdata group (not a figshare slice)");
        var cjdata = file.Group("cjdata");
        var missing = RequiredFields.Where(f => !cjdata.LinkExists(f)).ToList();
        if (missing.Count > 0)
            throw new ItemRejectedException(RejectionReason.MissingField, $"missing /cjdata/{string.Join(", /cjdata/", missing)}");
        return cjdata;
    }

    private static float[] ReadIntegers(IH5Dataset dataset)
    {
        var type = dataset.Type;
        if (type.Class != H5DataTypeClass.FixedPoint)
            throw new ItemRejectedException(RejectionReason.Unreadable, $"/cjdata/image is {type.Class}, expected integers (int16)");
        var signed = type.FixedPoint.IsSigned;
        return (type.Size, signed) switch
        {
            (2, true) => Array.ConvertAll(dataset.Read<short[]>(), v => (float)v),
            (2, false) => Array.ConvertAll(dataset.Read<ushort[]>(), v => (float)v),
            (1, false) => Array.ConvertAll(dataset.Read<byte[]>(), v => (float)v),
            _ => throw new ItemRejectedException(RejectionReason.Unreadable,
                $"/cjdata/image has {type.Size}-byte {(signed ? "signed" : "unsigned")} integers, expected int16"),
        };
    }

    private static double[]? ReadFoldIndex(string root)
    {
        var path = Path.Combine(root, FoldIndexFile);
        if (!File.Exists(path)) return null;
        try
        {
            using var file = H5File.OpenRead(path);
            return file.Dataset("cvind").Read<double[]>();
        }
        catch (Exception e)
        {
            throw new InvalidDataException($"{path}: cannot read dataset /cvind (Cheng's fold index, float64 1xN): {e.Message}", e);
        }
    }

    private static bool IsFoldIndex(string path) =>
        string.Equals(Path.GetFileName(path), FoldIndexFile, StringComparison.OrdinalIgnoreCase);
}
