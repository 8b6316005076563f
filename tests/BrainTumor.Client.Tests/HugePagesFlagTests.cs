namespace BrainTumor.Client.Tests;

public class HugePagesFlagTests
{
    [Fact]
    public void The_no_huge_pages_flag_is_taken_before_the_commands_see_it_anywhere_on_the_line()
    {
        var plain = CliRunner.Run("recipes", "--json");
        var first = CliRunner.Run("--no-huge-pages", "recipes", "--json");
        var last = CliRunner.Run("recipes", "--json", "--no-huge-pages");
        Assert.True(plain.ExitCode == 0, plain.Stderr);
        Assert.Equal((0, plain.Stdout, ""), (first.ExitCode, first.Stdout, first.Stderr));
        Assert.Equal((0, plain.Stdout, ""), (last.ExitCode, last.Stdout, last.Stderr));
    }
}
