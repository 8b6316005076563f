using System.Globalization;
using BrainTumor.Learning.Prediction;
using BrainTumor.Protocol.Labels;
using CsvHelper;

namespace BrainTumor.Client.Commands;

/// <summary>
/// <c>predict --csv FILE</c>: one row per file with <c>file, class, p_meningioma, p_glioma,
/// p_pituitary, agreement, saliency, error</c> (README, "Prediction and saliency"); a file that
/// could not be classified has only its error. Written to a temporary file and moved into place, so
/// an interrupted run leaves no half-written table.
/// </summary>
internal static class PredictionCsv
{
    public static readonly IReadOnlyList<string> Header = ["file", "class", .. LabelMap.Names.Select(n => "p_" + n), "agreement", "saliency", "error"];

    public static void Write(string path, IReadOnlyList<FilePrediction> predictions, IReadOnlyDictionary<string, string> overlays)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        using (var writer = new StreamWriter(temporary))
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var column in Header)
                csv.WriteField(column);
            csv.NextRecord();
            foreach (var p in predictions)
            {
                csv.WriteField(p.File);
                csv.WriteField(p.Class ?? "");
                for (var i = 0; i < LabelMap.Names.Count; i++)
                    csv.WriteField(p.Probabilities is { } probabilities ? probabilities[i].ToString("F6", CultureInfo.InvariantCulture) : "");
                csv.WriteField(p.Agreement is { } agreement ? agreement.ToString("F3", CultureInfo.InvariantCulture) : "");
                csv.WriteField(overlays.GetValueOrDefault(p.File) ?? "");
                csv.WriteField(p.Error ?? "");
                csv.NextRecord();
            }
        }
        File.Move(temporary, full, overwrite: true);
    }
}
