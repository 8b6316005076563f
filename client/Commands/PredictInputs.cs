namespace BrainTumor.Client.Commands;

/// <summary>
/// The files <c>predict</c> classifies: each argument that is a folder stands for the slices under
/// it (<c>.jpg</c>, <c>.jpeg</c>, <c>.png</c>, <c>.mat</c>, in every subfolder, in path order); any
/// other argument is a file, and one that does not exist gets its error in the results like any
/// file that cannot be read.
/// </summary>
internal static class PredictInputs
{
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".mat"];

    public static IReadOnlyList<string> Expand(IEnumerable<string> arguments)
    {
        var files = new List<string>();
        foreach (var argument in arguments.Select(Path.GetFullPath))
        {
            if (!Directory.Exists(argument))
            {
                files.Add(argument);
                continue;
            }
            var slices = Directory.EnumerateFiles(argument, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden })
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (slices.Count == 0)
                throw new FileNotFoundException($"{argument}: no slices in this folder; expected {string.Join(", ", Extensions)} files");
            files.AddRange(slices);
        }
        return [.. files.Distinct(StringComparer.Ordinal)];
    }
}
