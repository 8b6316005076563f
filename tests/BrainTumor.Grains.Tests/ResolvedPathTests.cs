using BrainTumor.Grains.Experiments;

namespace BrainTumor.Grains.Tests;

/// <summary>Symbolic links resolved as the operating system follows them, so a root check sees where a path really leads.</summary>
public sealed class ResolvedPathTests
{
    private readonly string _root = TestPaths.NewTempDirectory("links");

    private string Make(params string[] parts) => Directory.CreateDirectory(Path.Combine([_root, .. parts])).FullName;

    [Fact]
    public void A_path_without_links_is_its_full_path_and_missing_parts_are_kept()
    {
        var data = Make("data");
        Assert.Equal(Path.Combine(data, "absent", "file.jpg"), ResolvedPath.Of(Path.Combine(data, "x", "..", "absent", ".", "file.jpg")));
    }

    [Fact]
    public void Relative_and_chained_links_lead_where_the_system_goes()
    {
        var data = Make("data");
        var outside = Make("outside", "deep");
        // data/up -> ../outside (relative, from the link's folder); data/chain -> data/up/deep (absolute, through the first link)
        Directory.CreateSymbolicLink(Path.Combine(data, "up"), Path.Combine("..", "outside"));
        Directory.CreateSymbolicLink(Path.Combine(data, "chain"), Path.Combine(data, "up", "deep"));

        Assert.Equal(Path.Combine(_root, "outside"), ResolvedPath.Of(Path.Combine(data, "up")));
        Assert.Equal(Path.Combine(outside, "file.jpg"), ResolvedPath.Of(Path.Combine(data, "chain", "file.jpg")));
        // ".." after a link leaves the link's target, not the link's folder (lexical GetFullPath would say data/).
        Assert.Equal(_root, ResolvedPath.Of(Path.Combine(data, "up", "..")));
    }

    [Fact]
    public void A_loop_of_links_is_an_error_naming_the_path()
    {
        var data = Make("data");
        Directory.CreateSymbolicLink(Path.Combine(data, "a"), Path.Combine(data, "b"));
        Directory.CreateSymbolicLink(Path.Combine(data, "b"), Path.Combine(data, "a"));
        var error = Assert.Throws<IOException>(() => ResolvedPath.Of(Path.Combine(data, "a", "x")));
        Assert.Equal($"{Path.Combine(data, "a", "x")}: more than 40 symbolic links to follow (a loop?)", error.Message);
    }
}
