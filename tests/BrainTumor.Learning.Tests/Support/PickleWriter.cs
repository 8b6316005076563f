using System.Buffers.Binary;
using System.Text;
using BrainTumor.Learning.Weights;

namespace BrainTumor.Learning.Tests.Support;

/// <summary>Writes pickle opcodes, to build the files PyTorch writes (and crafted ones it never would).</summary>
internal sealed class PickleWriter
{
    private readonly MemoryStream bytes = new();

    public PickleWriter Op(PickleOpcode opcode)
    {
        bytes.WriteByte((byte)opcode);
        return this;
    }

    public PickleWriter Raw(ReadOnlySpan<byte> raw)
    {
        bytes.Write(raw);
        return this;
    }

    public PickleWriter Proto() => Op(PickleOpcode.Proto).Raw([2]);

    public PickleWriter Global(string module, string name) => Op(PickleOpcode.Global).Raw(Encoding.UTF8.GetBytes($"{module}\n{name}\n"));

    public PickleWriter StackGlobal(string module, string name) => Str(module).Str(name).Op(PickleOpcode.StackGlobal);

    public PickleWriter Str(string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, utf8.Length);
        return Op(PickleOpcode.BinUnicode).Raw(length).Raw(utf8);
    }

    public PickleWriter Int(long value)
    {
        if (value is >= 0 and <= 255)
            return Op(PickleOpcode.BinInt1).Raw([(byte)value]);
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            Span<byte> four = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(four, (int)value);
            return Op(PickleOpcode.BinInt).Raw(four);
        }
        Span<byte> eight = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(eight, value);
        return Op(PickleOpcode.Long1).Raw([8]).Raw(eight);
    }

    public PickleWriter Mark() => Op(PickleOpcode.Mark);

    public PickleWriter Tuple() => Op(PickleOpcode.Tuple);

    public PickleWriter Ints(IEnumerable<long> values)
    {
        Mark();
        foreach (var v in values)
            Int(v);
        return Tuple();
    }

    public PickleWriter Stop() => Op(PickleOpcode.Stop);

    public byte[] ToArray() => bytes.ToArray();
}
