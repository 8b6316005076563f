using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace BrainTumor.Learning.Weights;

/// <summary>
/// A pickle walker that builds plain data only: numbers, strings, tuples (<c>object?[]</c>), lists,
/// dictionaries (<see cref="OrderedDictionary{TKey,TValue}"/>) and whatever its
/// <see cref="IPickleRules"/> make of an allowed call or persistent id.
/// <para>
/// Why our own: a pickle is a program. Python's unpickler imports any global the stream names and
/// calls it on REDUCE (<c>os.system</c> included), which is how a weights file can carry code. The
/// .NET unpicklers at hand (Razorvine.Pickle, under TorchSharp.PyBridge) run no Python but build
/// objects for any name, offer no hook to refuse a name before acting on it, and allocate each
/// storage as soon as they meet it, before the rest of the file is known. Here every global is
/// checked against an allow-list the moment it is named (as PyTorch's own <c>weights_only</c>
/// loader does), the instantiating opcodes (INST, OBJ, NEWOBJ, NEWOBJ_EX, EXT*) are refused
/// outright, and the walk allocates no tensor: the format readers check every declared storage
/// against the file before reading one.
/// </para>
/// Covers the binary opcodes of protocols 2 to 5 (what <c>torch.save</c> writes: protocol 2); the
/// text forms of protocol 0 are refused as unsupported.
/// </summary>
internal sealed class RestrictedUnpickler
{
    /// <summary>Upper bound of one pickle. A state dict's is a few kilobytes per hundred tensors.</summary>
    public const int MaxPickleBytes = 16 << 20;

    private const int MaxStackDepth = 1 << 20;
    private const int MaxLineBytes = 512;
    private const int MaxLongBytes = 32;

    private readonly byte[] data;
    private readonly int end;
    private readonly IPickleRules rules;
    private readonly string source;
    private readonly List<object?> stack = [];
    private readonly Stack<int> marks = new();
    private readonly Dictionary<long, object?> memo = [];
    private int position;

    private RestrictedUnpickler(byte[] data, int start, int end, IPickleRules rules, string source)
    {
        this.data = data;
        position = start;
        this.end = end;
        this.rules = rules;
        this.source = source;
    }

    /// <summary>
    /// Walks the pickle that starts at <paramref name="start"/> and returns its value and the offset
    /// just past its STOP (several pickles may follow one another, as in PyTorch's legacy format).
    /// <paramref name="source"/> names the file (and the part of it) in every message.
    /// </summary>
    public static (object? Value, int End) Load(byte[] data, int start, IPickleRules rules, string source)
    {
        var end = (int)Math.Min(data.Length, (long)start + MaxPickleBytes);
        var walker = new RestrictedUnpickler(data, start, end, rules, source);
        var value = walker.Run();
        return (value, walker.position);
    }

    private object? Run()
    {
        while (true)
        {
            var at = position;
            var opcode = (PickleOpcode)ReadByte();
            switch (opcode)
            {
                case PickleOpcode.Proto:
                    var protocol = ReadByte();
                    if (protocol > 5)
                        throw Invalid(at, $"pickle protocol {protocol} (this reader knows 2 to 5)");
                    break;
                case PickleOpcode.Frame:
                    Take(8); // a framing hint only
                    break;
                case PickleOpcode.Stop:
                    return Pop(at);
                case PickleOpcode.Mark:
                    marks.Push(stack.Count);
                    break;
                case PickleOpcode.Pop:
                    if (stack.Count > Floor)
                        stack.RemoveAt(stack.Count - 1);
                    else
                        PopMark(at);
                    break;
                case PickleOpcode.PopMark:
                    PopMark(at);
                    break;
                case PickleOpcode.Dup:
                    Push(Peek(at), at);
                    break;
                case PickleOpcode.None:
                    Push(null, at);
                    break;
                case PickleOpcode.NewTrue:
                    Push(true, at);
                    break;
                case PickleOpcode.NewFalse:
                    Push(false, at);
                    break;
                case PickleOpcode.BinInt:
                    Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4)), at);
                    break;
                case PickleOpcode.BinInt1:
                    Push((long)ReadByte(), at);
                    break;
                case PickleOpcode.BinInt2:
                    Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2)), at);
                    break;
                case PickleOpcode.Long1:
                    Push(ReadLong(ReadByte(), at), at);
                    break;
                case PickleOpcode.Long4:
                    Push(ReadLong(BinaryPrimitives.ReadInt32LittleEndian(Take(4)), at), at);
                    break;
                case PickleOpcode.BinFloat:
                    Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8)), at);
                    break;
                case PickleOpcode.ShortBinUnicode:
                    Push(Utf8(Take(ReadByte()), at), at);
                    break;
                case PickleOpcode.BinUnicode:
                    Push(Utf8(Take(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))), at), at);
                    break;
                case PickleOpcode.BinUnicode8:
                    Push(Utf8(Take(BinaryPrimitives.ReadUInt64LittleEndian(Take(8))), at), at);
                    break;
                case PickleOpcode.ShortBinString:
                    Push(Encoding.Latin1.GetString(Take(ReadByte())), at);
                    break;
                case PickleOpcode.BinString:
                    Push(Encoding.Latin1.GetString(Take(BinaryPrimitives.ReadInt32LittleEndian(Take(4)))), at);
                    break;
                case PickleOpcode.ShortBinBytes:
                    Push(Take(ReadByte()).ToArray(), at);
                    break;
                case PickleOpcode.BinBytes:
                    Push(Take(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))).ToArray(), at);
                    break;
                case PickleOpcode.BinBytes8:
                case PickleOpcode.ByteArray8:
                    Push(Take(BinaryPrimitives.ReadUInt64LittleEndian(Take(8))).ToArray(), at);
                    break;
                case PickleOpcode.EmptyTuple:
                    Push(Array.Empty<object?>(), at);
                    break;
                case PickleOpcode.Tuple:
                    Push(PopMark(at).ToArray(), at);
                    break;
                case PickleOpcode.Tuple1:
                case PickleOpcode.Tuple2:
                case PickleOpcode.Tuple3:
                    var count = opcode - PickleOpcode.Tuple1 + 1;
                    var items = new object?[count];
                    for (var i = count - 1; i >= 0; i--)
                        items[i] = Pop(at);
                    Push(items, at);
                    break;
                case PickleOpcode.EmptyList:
                case PickleOpcode.EmptySet:
                    Push(new List<object?>(), at);
                    break;
                case PickleOpcode.List:
                case PickleOpcode.FrozenSet:
                    Push(PopMark(at), at);
                    break;
                case PickleOpcode.Append:
                    var appended = Pop(at);
                    As<List<object?>>(Peek(at), at, "APPEND").Add(appended);
                    break;
                case PickleOpcode.Appends:
                case PickleOpcode.AddItems:
                    var added = PopMark(at);
                    As<List<object?>>(Peek(at), at, opcode.ToString().ToUpperInvariant()).AddRange(added);
                    break;
                case PickleOpcode.EmptyDict:
                    Push(new OrderedDictionary<object, object?>(), at);
                    break;
                case PickleOpcode.Dict:
                    var dict = new OrderedDictionary<object, object?>();
                    SetItems(dict, PopMark(at), at);
                    Push(dict, at);
                    break;
                case PickleOpcode.SetItem:
                    var value = Pop(at);
                    var key = Pop(at);
                    SetItems(As<OrderedDictionary<object, object?>>(Peek(at), at, "SETITEM"), [key, value], at);
                    break;
                case PickleOpcode.SetItems:
                    var pairs = PopMark(at);
                    SetItems(As<OrderedDictionary<object, object?>>(Peek(at), at, "SETITEMS"), pairs, at);
                    break;
                case PickleOpcode.BinPut:
                    memo[ReadByte()] = Peek(at);
                    break;
                case PickleOpcode.LongBinPut:
                    memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(4))] = Peek(at);
                    break;
                case PickleOpcode.Memoize:
                    memo[memo.Count] = Peek(at);
                    break;
                case PickleOpcode.BinGet:
                    Push(Recall(ReadByte(), at), at);
                    break;
                case PickleOpcode.LongBinGet:
                    Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)), at), at);
                    break;
                case PickleOpcode.Global:
                    var module = ReadLine(at);
                    Push(Named(new PickleGlobal(module, ReadLine(at)), at), at);
                    break;
                case PickleOpcode.StackGlobal:
                    var name = Pop(at) as string ?? throw Invalid(at, "STACK_GLOBAL without a name string");
                    var owner = Pop(at) as string ?? throw Invalid(at, "STACK_GLOBAL without a module string");
                    Push(Named(new PickleGlobal(owner, name), at), at);
                    break;
                case PickleOpcode.Reduce:
                    var arguments = Pop(at) as object?[] ?? throw Invalid(at, "REDUCE without an argument tuple");
                    var callable = Pop(at) as PickleGlobal ?? throw Invalid(at, "REDUCE of something that is not a named global");
                    Push(rules.Call(callable, arguments), at);
                    break;
                case PickleOpcode.Build:
                    var state = Pop(at);
                    rules.Build(Peek(at), state);
                    break;
                case PickleOpcode.BinPersId:
                    Push(rules.PersistentLoad(Pop(at)), at);
                    break;
                case PickleOpcode.Inst:
                    var instModule = ReadLine(at);
                    throw Refused(at, $"INST, which instantiates '{instModule}.{ReadLine(at)}'");
                case PickleOpcode.Obj:
                case PickleOpcode.NewObj:
                case PickleOpcode.NewObjEx:
                    throw Refused(at, $"{opcode.ToString().ToUpperInvariant()}, which instantiates a class");
                case PickleOpcode.Ext1:
                case PickleOpcode.Ext2:
                case PickleOpcode.Ext4:
                    throw Refused(at, $"{opcode.ToString().ToUpperInvariant()}, which imports through the extension registry");
                default:
                    throw Invalid(at, Enum.IsDefined(opcode)
                        ? $"opcode {opcode} (0x{(byte)opcode:x2}), which this reader does not take (PyTorch writes protocol 2)"
                        : $"unknown opcode 0x{(byte)opcode:x2}");
            }
        }
    }

    /// <summary>Bottom of the current frame: items below the last MARK are not this frame's to pop.</summary>
    private int Floor => marks.Count > 0 ? marks.Peek() : 0;

    private object Named(PickleGlobal global, int at) =>
        rules.Allows(global)
            ? global
            : throw new UnsafeWeightsFileException(
                $"{source}: refused: its pickle names the global '{global}' (byte {at}), which Python would import " +
                $"and could run when loading it; a weights file may name only {rules.AllowedGlobals}. Nothing was loaded.");

    private UnsafeWeightsFileException Refused(int at, string what) =>
        new($"{source}: refused: its pickle uses {what} (byte {at}); a weights file holds tensors, not objects. Nothing was loaded.");

    private InvalidDataException Invalid(int at, string what) => new($"{source}: not a readable weights pickle: {what} at byte {at}");

    private void Push(object? value, int at)
    {
        if (stack.Count >= MaxStackDepth)
            throw Invalid(at, $"more than {MaxStackDepth} values on the stack");
        stack.Add(value);
    }

    private object? Pop(int at)
    {
        if (stack.Count <= Floor)
            throw Invalid(at, "stack underflow");
        var value = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return value;
    }

    private object? Peek(int at) => stack.Count > Floor ? stack[^1] : throw Invalid(at, "stack underflow");

    private List<object?> PopMark(int at)
    {
        if (marks.Count == 0)
            throw Invalid(at, "no MARK to pop to");
        var floor = marks.Pop();
        var items = stack.GetRange(floor, stack.Count - floor);
        stack.RemoveRange(floor, stack.Count - floor);
        return items;
    }

    private object? Recall(long key, int at) => memo.TryGetValue(key, out var value) ? value : throw Invalid(at, $"memo key {key} never stored");

    private void SetItems(OrderedDictionary<object, object?> dict, List<object?> pairs, int at)
    {
        if (pairs.Count % 2 != 0)
            throw Invalid(at, "odd number of items for a dictionary");
        for (var i = 0; i < pairs.Count; i += 2)
        {
            // Only immutable keys: a list or dictionary as key would compare by reference here.
            if (pairs[i] is not (string or long or bool or double or BigInteger))
                throw Invalid(at, $"dictionary key of type {pairs[i]?.GetType().Name ?? "None"}");
            dict[pairs[i]!] = pairs[i + 1];
        }
    }

    private T As<T>(object? value, int at, string opcode) where T : class =>
        value as T ?? throw Invalid(at, $"{opcode} on a {value?.GetType().Name ?? "None"}");

    private byte ReadByte() => Take(1)[0];

    private ReadOnlySpan<byte> Take(ulong count) => Take((long)Math.Min(count, long.MaxValue));

    private ReadOnlySpan<byte> Take(long count)
    {
        if (count < 0)
            throw new InvalidDataException($"{source}: not a readable weights pickle: a negative length at byte {position}");
        if (count > end - position)
            throw new InvalidDataException(end < data.Length
                ? $"{source}: pickle larger than {MaxPickleBytes} bytes (a value of {count} bytes at byte {position})"
                : $"{source}: truncated pickle ({count} bytes wanted at byte {position}, {end - position} left)");
        var span = data.AsSpan(position, (int)count);
        position += (int)count;
        return span;
    }

    private string Utf8(ReadOnlySpan<byte> bytes, int at)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Invalid(at, "a string that is not UTF-8");
        }
    }

    private object ReadLong(int length, int at)
    {
        if (length < 0 || length > MaxLongBytes)
            throw Invalid(at, $"an integer of {length} bytes");
        var value = new BigInteger(Take(length), isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value;
    }

    private string ReadLine(int at)
    {
        var start = position;
        var limit = Math.Min(end, start + MaxLineBytes);
        var newline = Array.IndexOf(data, (byte)'\n', start, limit - start);
        if (newline < 0)
            throw Invalid(at, "GLOBAL name without an end of line");
        position = newline + 1;
        return Utf8(data.AsSpan(start, newline - start), at);
    }
}
