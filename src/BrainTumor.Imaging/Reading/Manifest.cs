using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace BrainTumor.Imaging.Reading;

/// <summary>
/// The optional <c>manifest.csv</c> of an image folder: a <c>file</c> column (path relative to the
/// image folder) and any others, kept as item attributes. A patient column becomes the item's
/// group; failing that, a column whose name ends in <c>fold</c> (such as Cheng's <c>cheng_fold</c>,
/// patient-disjoint by construction) does.
/// </summary>
public sealed class Manifest
{
    public const string FileName = "manifest.csv";
    private static readonly string[] PatientColumns = ["patient_id", "patient", "pid", "subject_id", "subject"];

    private Manifest(string path, IReadOnlyList<string> columns, Dictionary<string, Dictionary<string, string>> rows)
    {
        Path = path;
        Columns = columns;
        Rows = rows;
    }

    public string Path { get; }
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Rows by their <c>file</c> value (normalised to '/' separators).</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>> Rows { get; }

    /// <summary>The column that names each item's patient, if any.</summary>
    public string? PatientColumn => Columns.FirstOrDefault(c => PatientColumns.Contains(c, StringComparer.OrdinalIgnoreCase));

    /// <summary>Columns that carry folds given by the data.</summary>
    public IReadOnlyList<string> FoldColumns => Columns.Where(c => c.EndsWith("fold", StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>The column used as the item's group: the patient, else the first fold column.</summary>
    public string? GroupColumn => PatientColumn ?? FoldColumns.FirstOrDefault();

    public static Manifest Read(string path)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim, DetectDelimiter = false };
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
            throw new InvalidDataException($"{path}: empty manifest, expected a header line with at least a 'file' column");
        var columns = header.Select(h => h.Trim()).ToList();
        if (!columns.Contains("file"))
            throw new InvalidDataException($"{path}: no 'file' column in the header ({string.Join(",", columns)}); expected file,label,... with file relative to the image folder");
        var dupes = columns.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (dupes.Count > 0)
            throw new InvalidDataException($"{path}: column '{dupes[0]}' appears twice in the header");

        var rows = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var line = csv.Parser.Row;
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < columns.Count; i++)
                values[columns[i]] = csv.TryGetField<string>(i, out var v) && v is not null ? v.Trim() : "";
            var file = values["file"].Replace('\\', '/');
            if (file.Length == 0)
                throw new InvalidDataException($"{path}, line {line}: empty 'file' value");
            // The manifest only describes files of the folder: a path that leaves it is refused, never followed.
            if (file.StartsWith('/') || System.IO.Path.IsPathRooted(file) || file.Split('/').Any(part => part is ".." or "."))
                throw new InvalidDataException($"{path}, line {line}: file '{file}' is not inside the image folder; expected a path relative to it such as glioma/12.jpg, without '..', '.' or a leading '/'");
            if (!rows.TryAdd(file, values))
                throw new InvalidDataException($"{path}, line {line}: file '{file}' is listed twice");
        }
        return new Manifest(path, columns, rows);
    }
}
