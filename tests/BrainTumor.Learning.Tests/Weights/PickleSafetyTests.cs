using BrainTumor.Learning.Tests.Support;
using BrainTumor.Learning.Weights;
using BrainTumor.Testing;

namespace BrainTumor.Learning.Tests.Weights;

/// <summary>Loading a weights file never runs code from it: crafted pickles are refused by name.</summary>
public class PickleSafetyTests
{
    private static readonly CheckpointTensor[] Tensors = [CheckpointTensor.Range("w", 2, 3)];

    public static TheoryData<string, string> Poisons => new()
    {
        { "global", "'os.system'" },
        { "stack-global", "'builtins.eval'" },
        { "inst", "'subprocess.Popen'" },
        { "newobj", "NEWOBJ" },
        { "ext", "EXT1" },
        { "storage-call", "'torch.FloatStorage'" },
        { "torch-load", "'torch.load'" },
    };

    [Theory]
    [MemberData(nameof(Poisons))]
    public void A_zip_checkpoint_whose_pickle_reaches_for_code_is_refused_naming_it(string poison, string named)
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("unsafe"), "model.pth");
        TorchCheckpointWriter.WriteZip(path, Tensors, Poisoned(poison));

        var e = Assert.Throws<UnsafeWeightsFileException>(() => WeightsFile.Open(path).Dispose());

        Assert.StartsWith(path, e.Message);
        Assert.Contains(named, e.Message);
        Assert.Contains("Nothing was loaded", e.Message);
    }

    [Fact]
    public void A_legacy_checkpoint_with_a_poisoned_state_dict_is_refused()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("unsafe"), "model.pth");
        TorchCheckpointWriter.WriteLegacy(path, Tensors, Poisoned("global"));

        var e = Assert.Throws<UnsafeWeightsFileException>(() => WeightsFile.Open(path).Dispose());

        Assert.Contains("'os.system'", e.Message);
    }

    [Fact]
    public void A_poison_after_valid_tensors_is_still_refused()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("unsafe"), "model.pth");
        var pickle = TorchCheckpointWriter.StateDictPickle(Tensors, legacy: false,
            inject: p => p.Global("posix", "system").Str("id").Op(PickleOpcode.Tuple1).Op(PickleOpcode.Reduce).Op(PickleOpcode.Pop));
        TorchCheckpointWriter.WriteZip(path, Tensors, pickle);

        var e = Assert.Throws<UnsafeWeightsFileException>(() => WeightsFile.Open(path).Dispose());

        Assert.Contains("'posix.system'", e.Message);
    }

    [Fact]
    public void The_unpoisoned_writer_output_loads_so_the_refusals_are_about_the_poison()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("safe"), "model.pth");
        TorchCheckpointWriter.WriteZip(path, Tensors);

        using var file = WeightsFile.Open(path);
        using var w = file.Read("w");

        Assert.Equal(Tensors[0].Values, w.data<float>().ToArray());
    }

    private static byte[] Poisoned(string poison)
    {
        var p = new PickleWriter().Proto();
        switch (poison)
        {
            case "global":
                p.Global("os", "system").Str("echo owned").Op(PickleOpcode.Tuple1).Op(PickleOpcode.Reduce);
                break;
            case "stack-global":
                p.StackGlobal("builtins", "eval").Str("1+1").Op(PickleOpcode.Tuple1).Op(PickleOpcode.Reduce);
                break;
            case "inst":
                p.Mark().Str("id").Op(PickleOpcode.Inst).Raw("subprocess\nPopen\n"u8);
                break;
            case "newobj":
                p.Global("collections", "OrderedDict").Op(PickleOpcode.EmptyTuple).Op(PickleOpcode.NewObj);
                break;
            case "ext":
                p.Op(PickleOpcode.Ext1).Raw([1]);
                break;
            case "storage-call":
                p.Global("torch", "FloatStorage").Op(PickleOpcode.EmptyTuple).Op(PickleOpcode.Reduce);
                break;
            case "torch-load":
                p.Global("torch", "load").Str("other.pth").Op(PickleOpcode.Tuple1).Op(PickleOpcode.Reduce);
                break;
        }
        return p.Stop().ToArray();
    }
}
