using System.Text;
using System.Text.RegularExpressions;

namespace BrainTumor.Reports.Rendering;

/// <summary>A GitHub-style pipe table: a header, rows of cells; a column of numbers is right-aligned, any other left; pipes in text are escaped.</summary>
public sealed partial class MarkdownTable(params string[] header)
{
    private readonly List<string[]> _rows = [];

    public MarkdownTable Row(params string[] cells)
    {
        if (cells.Length != header.Length)
            throw new ArgumentException($"a row of {cells.Length} cells in a table of {header.Length} columns ({string.Join(", ", header)})", nameof(cells));
        _rows.Add(cells);
        return this;
    }

    public void WriteTo(StringBuilder markdown)
    {
        Line(markdown, header);
        Line(markdown, header.Select((_, i) => IsNumeric(i) ? "---:" : "---"));
        foreach (var row in _rows)
            Line(markdown, row);
        markdown.AppendLine();
    }

    // A column of numbers: every cell with a value is one ("27.15 ± 5.12", "10 / 16 / 34", "8 (40%)", "**43.75 ✓**");
    // empty cells and dashes (no value) do not decide. "64x64" or "5-fold ..." are text.
    private bool IsNumeric(int column)
    {
        var cells = _rows.Select(r => r[column].Replace("**", "", StringComparison.Ordinal).Trim()).Where(c => c.Length > 0 && c != "—").ToList();
        return cells.Count > 0 && cells.All(c => NumericCell().IsMatch(c));
    }

    [GeneratedRegex(@"^[-+]?\d+(\.\d+)?( (±|/) \d+(\.\d+)?)*( \(\d+(\.\d+)?%?\))?( ✓)?$")]
    private static partial Regex NumericCell();

    private static void Line(StringBuilder markdown, IEnumerable<string> cells) =>
        markdown.Append("| ").AppendJoin(" | ", cells.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))).AppendLine(" |");
}
