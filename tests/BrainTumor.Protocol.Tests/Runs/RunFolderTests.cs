using BrainTumor.Protocol.Runs;

namespace BrainTumor.Protocol.Tests.Runs;

public class RunFolderTests
{
    [Fact]
    public void Every_file_has_its_name_in_the_folder()
    {
        var run = new RunFolder(Path.Combine("runs", "a"));
        Assert.Equal(Path.Combine("runs", "a", "run.json"), run.Format);
        Assert.Equal(Path.Combine("runs", "a", "spec.json"), run.Spec);
        Assert.Equal(Path.Combine("runs", "a", "folds.json"), run.Plan);
        Assert.Equal(Path.Combine("runs", "a", "events.jsonl"), run.Events);
        Assert.Equal(Path.Combine("runs", "a", "report.json"), run.Report);
        Assert.Equal(Path.Combine("runs", "a", "fold-2", "stage-3.ckpt"), run.Checkpoint(2, 3));
        Assert.Equal(Path.Combine("runs", "a", "fold-2", "stage-3.pt"), run.Weights(2, 3));
        Assert.Equal(Path.Combine("runs", "a", "fold-2", "stage-3.json"), run.StageResult(2, 3));
        Assert.Equal(Path.Combine("runs", "a", "fold-2", "test.json"), run.TestResult(2));
    }

    [Fact]
    public void A_written_folder_reads_back_its_version_and_an_old_one_is_format_1()
    {
        var run = new RunFolder(Path.Combine(Path.GetTempPath(), $"run-folder-{Guid.NewGuid():N}"));
        Assert.Equal(1, run.ReadFormat());
        run.WriteFormat();
        Assert.Equal("{\"format_version\":2}", File.ReadAllText(run.Format));
        Assert.Equal(2, run.ReadFormat());
        Directory.Delete(run.Path, recursive: true);
    }

    [Fact]
    public void A_newer_format_is_refused_naming_the_file_and_the_versions()
    {
        var run = new RunFolder(Path.Combine(Path.GetTempPath(), $"run-folder-{Guid.NewGuid():N}"));
        Directory.CreateDirectory(run.Path);
        File.WriteAllText(run.Format, """{ "format_version": 3 }""");
        var error = Assert.Throws<InvalidDataException>(() => run.ReadFormat());
        Assert.Equal($"{run.Format}: format_version 3; this version reads run folders of format 1 to 2", error.Message);
        Directory.Delete(run.Path, recursive: true);
    }
}
