using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace BrainTumor.Reports.Tests;

/// <summary>
/// The tables of a rendered report, read back as plain cell text (markup removed): from the
/// Markdown's pipe tables or from the HTML's table elements, so the same checks run on both.
/// </summary>
public static partial class RenderedTables
{
    /// <summary>The first table after the heading <paramref name="heading"/> (any level): header row first.</summary>
    public static List<string[]> FromMarkdown(string markdown, string heading)
    {
        var lines = markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.FindIndex(l => l.TrimStart('#').Trim() == heading && l.StartsWith('#'));
        Assert.True(start >= 0, $"no heading '{heading}' in the Markdown report");
        var rows = lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|'))
            .Select(l => PipeCells().Split(l.Trim().Trim('|')).Select(c => c.Replace("\\|", "|", StringComparison.Ordinal).Replace("**", "", StringComparison.Ordinal).Trim()).ToArray())
            .ToList();
        rows.RemoveAt(1); // the alignment row
        return rows;
    }

    public static List<string[]> FromHtml(string html, string heading)
    {
        var at = Regex.Match(html, $@"<h[1-6][^>]*>{Regex.Escape(System.Net.WebUtility.HtmlEncode(heading))}</h[1-6]>");
        Assert.True(at.Success, $"no heading '{heading}' in the HTML report");
        var start = html.IndexOf("<table>", at.Index, StringComparison.Ordinal);
        var end = html.IndexOf("</table>", start, StringComparison.Ordinal) + "</table>".Length;
        return XElement.Parse(html[start..end]).Descendants("tr")
            .Select(tr => tr.Elements().Select(cell => cell.Value.Trim()).ToArray())
            .ToList();
    }

    /// <summary>The numbers in a cell: "27.15 ± 5.12" gives both; "—" none.</summary>
    public static double[] Numbers(string cell) =>
        [.. NumberPattern().Matches(cell).Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture))];

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex PipeCells();

    [GeneratedRegex(@"[-+]?\d+(\.\d+)?")]
    private static partial Regex NumberPattern();
}
