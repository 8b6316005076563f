using System.Security.Cryptography;
using System.Text;
using BrainTumor.Imaging.Reading;

namespace BrainTumor.Grains.Experiments;

/// <summary>
/// What a dataset's validation depends on, read without decoding a pixel: every indexed file's id,
/// label, group, size and modification time, the files left out while indexing, and the limits the
/// files are read under. While the key holds, the validation report still holds.
/// </summary>
public static class DatasetContent
{
    public static string Key(DatasetIndex index, ImagingLimits limits)
    {
        var text = new StringBuilder().Append(index.Format).Append('\t').Append(limits.MaxPixels).Append('\t').Append(limits.MaxFileBytes).Append('\n');
        foreach (var item in index.Items.OrderBy(i => i.Id, StringComparer.Ordinal))
        {
            var file = new FileInfo(item.Path);
            text.Append(item.Id).Append('\t').Append((int)item.Label).Append('\t').Append(item.Group).Append('\t')
                .Append(file.Exists ? file.Length : -1).Append('\t').Append(file.Exists ? file.LastWriteTimeUtc.Ticks : 0).Append('\n');
        }
        foreach (var rejected in index.Rejected.OrderBy(r => r.File, StringComparer.Ordinal))
            text.Append(rejected.File).Append('\t').Append(rejected.Reason).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
