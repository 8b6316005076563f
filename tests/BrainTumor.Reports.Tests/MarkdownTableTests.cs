using System.Text;
using BrainTumor.Reports.Rendering;

namespace BrainTumor.Reports.Tests;

public sealed class MarkdownTableTests
{
    [Fact]
    public void Columns_of_numbers_are_right_aligned_text_columns_left_and_pipes_escaped()
    {
        var md = new StringBuilder();
        new MarkdownTable("Result", "Accuracy (%)", "Split", "Input", "Counts", "Note")
            .Row("this run", "27.15 ± 5.12", "2-fold, patient-disjoint", "64x64", "8 (40%)", "a | b")
            .Row("paper", "**94.82 ✓**", "5-fold", "224x224", "10 / 16 / 34", "—")
            .WriteTo(md);

        var lines = md.ToString().Split('\n');
        Assert.Equal("| --- | ---: | --- | --- | ---: | --- |", lines[1]);
        Assert.Equal("| this run | 27.15 ± 5.12 | 2-fold, patient-disjoint | 64x64 | 8 (40%) | a \\| b |", lines[2]);
    }

    [Fact]
    public void A_row_of_the_wrong_width_is_refused_naming_the_columns()
    {
        var error = Assert.Throws<ArgumentException>(() => new MarkdownTable("Fold", "Accuracy").Row("1"));
        Assert.StartsWith("a row of 1 cells in a table of 2 columns (Fold, Accuracy)", error.Message);
    }
}
