using System.Numerics;
using BrainTumor.Learning.Tests.Support;
using BrainTumor.Learning.Weights;

namespace BrainTumor.Learning.Tests.Weights;

public class RestrictedUnpicklerTests
{
    private const string Source = "/data/test.pth (data.pkl)";

    private static object? Load(PickleWriter pickle) =>
        RestrictedUnpickler.Load(pickle.Stop().ToArray(), 0, new TorchPickleRules("/data/test.pth"), Source).Value;

    [Fact]
    public void Builds_plain_data_with_the_memo()
    {
        var value = Load(new PickleWriter().Proto()
            .Op(PickleOpcode.EmptyDict).Op(PickleOpcode.Memoize).Mark()
            .Str("ints").Mark().Int(7).Int(-70000).Int(1L << 40).Op(PickleOpcode.Tuple).Op(PickleOpcode.BinPut).Raw([5])
            .Str("again").Op(PickleOpcode.BinGet).Raw([5])
            .Str("list").Op(PickleOpcode.EmptyList).Mark().Op(PickleOpcode.NewTrue).Op(PickleOpcode.None).Op(PickleOpcode.Appends)
            .Op(PickleOpcode.SetItems));

        var dict = Assert.IsType<OrderedDictionary<object, object?>>(value);
        Assert.Equal(["ints", "again", "list"], dict.Keys);
        Assert.Equal(new object[] { 7L, -70000L, 1L << 40 }, (object?[])dict["ints"]!);
        Assert.Same(dict["ints"], dict["again"]);
        Assert.Equal(new object?[] { true, null }, (List<object?>)dict["list"]!);
    }

    [Fact]
    public void Integers_beyond_64_bits_stay_exact()
    {
        var big = BigInteger.Parse("119547037146038801333356").ToByteArray();
        Assert.Equal(BigInteger.Parse("119547037146038801333356"), Load(new PickleWriter().Proto().Op(PickleOpcode.Long1).Raw([(byte)big.Length]).Raw(big)));
    }

    [Fact]
    public void A_truncated_pickle_is_named_with_its_source_and_position()
    {
        var bytes = new PickleWriter().Proto().Str("a long enough string").ToArray()[..10];
        var e = Assert.Throws<InvalidDataException>(() => RestrictedUnpickler.Load(bytes, 0, new TorchPickleRules("/data/test.pth"), Source));
        Assert.StartsWith($"{Source}: truncated pickle", e.Message);
    }

    [Fact]
    public void An_unknown_protocol_and_stack_underflow_are_refused()
    {
        var protocol = Assert.Throws<InvalidDataException>(() => Load(new PickleWriter().Op(PickleOpcode.Proto).Raw([6]).Int(1)));
        Assert.Contains("pickle protocol 6", protocol.Message);
        var underflow = Assert.Throws<InvalidDataException>(() => Load(new PickleWriter().Proto().Mark().Op(PickleOpcode.Tuple1)));
        Assert.Contains("stack underflow", underflow.Message);
    }

    [Fact]
    public void Text_protocol_opcodes_are_not_taken()
    {
        var e = Assert.Throws<InvalidDataException>(() => Load(new PickleWriter().Op(PickleOpcode.Int).Raw("1\n"u8)));
        Assert.Contains("opcode Int (0x49), which this reader does not take", e.Message);
    }
}
