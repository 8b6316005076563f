namespace BrainTumor.Learning.Weights;

/// <summary>
/// What a PyTorch state-dict pickle (<c>torch.save(model.state_dict(), ...)</c>, zip or legacy
/// format) may contain: <c>collections.OrderedDict</c>, the tensor-rebuild functions of
/// <c>torch._utils</c>, and <c>torch.*Storage</c> names inside persistent ids. Calls become
/// <see cref="TorchTensorRecord"/>s and dictionaries; nothing is imported or run.
/// </summary>
internal sealed class TorchPickleRules(string path) : IPickleRules
{
    private static readonly PickleGlobal OrderedDict = new("collections", "OrderedDict");
    private static readonly PickleGlobal RebuildTensorV2 = new("torch._utils", "_rebuild_tensor_v2");
    private static readonly PickleGlobal RebuildTensor = new("torch._utils", "_rebuild_tensor");
    private static readonly PickleGlobal RebuildParameter = new("torch._utils", "_rebuild_parameter");
    private const int MaxStorageKeyLength = 64;

    private readonly Dictionary<string, TorchStorage> storages = [];

    /// <summary>Every storage the pickle declared, by key.</summary>
    public IReadOnlyDictionary<string, TorchStorage> Storages => storages;

    public string AllowedGlobals =>
        $"{OrderedDict}, {RebuildTensorV2}, {RebuildTensor}, {RebuildParameter} and the storage types torch.{{{string.Join(",", TensorDTypes.StorageClassNames)}}}";

    public bool Allows(PickleGlobal global) =>
        global == OrderedDict || global == RebuildTensorV2 || global == RebuildTensor || global == RebuildParameter || IsStorageType(global);

    public object Call(PickleGlobal callable, object?[] arguments)
    {
        if (callable == OrderedDict && arguments.Length == 0)
            return new OrderedDictionary<object, object?>();
        if (callable == OrderedDict && arguments is [object?[] or List<object?>])
            return OrderedDictOf(arguments[0]!); // OrderedDict(pairs): TorchSharp.PyBridge writes OrderedDict(())
        if (callable == RebuildTensorV2 && arguments.Length is 6 or 7 || callable == RebuildTensor && arguments.Length == 4)
        {
            var storage = arguments[0] as TorchStorage ?? throw Invalid($"{callable} of a {TypeName(arguments[0])}, not a storage");
            try
            {
                return new TorchTensorRecord(storage, Integer(arguments[1], callable), Integers(arguments[2], callable), Integers(arguments[3], callable));
            }
            catch (InvalidDataException e)
            {
                throw Invalid(e.Message);
            }
        }
        if (callable == RebuildParameter && arguments.Length == 3)
            return arguments[0] as TorchTensorRecord ?? throw Invalid($"{callable} of a {TypeName(arguments[0])}, not a tensor");
        throw new UnsafeWeightsFileException(
            $"{path}: refused: its pickle calls '{callable}' with {arguments.Length} arguments; only {OrderedDict}, {RebuildTensorV2}, {RebuildTensor} and {RebuildParameter} may be called. Nothing was loaded.");
    }

    public object PersistentLoad(object? persistentId)
    {
        // torch.save's persistent id of a storage: ('storage', torch.FloatStorage, key, location, count),
        // with a sixth item in the legacy format, the view metadata, None unless the storage is a view.
        if (persistentId is not object?[] { Length: 5 or 6 } id || id[0] is not "storage")
            throw Invalid($"a persistent id that is not a tensor storage ({Describe(persistentId)})");
        if (id[1] is not PickleGlobal type || !IsStorageType(type))
            throw Invalid($"a storage of type {Describe(id[1])}");
        if (id[2] is not string { Length: > 0 and <= MaxStorageKeyLength } key || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            throw Invalid($"a storage key {Describe(id[2])} (expected letters, digits and '_')");
        var dtype = TensorDTypes.FromStorageClass(type.Name)!.Value;
        if (id[4] is not long count || count < 0 || count > long.MaxValue / TensorDTypes.ElementSize(dtype))
            throw Invalid($"storage '{key}' with a size of {Describe(id[4])}");
        if (id.Length == 6 && id[5] is not null)
            throw new InvalidDataException(
                $"{path}: storage '{key}' is a view of another storage, which only old PyTorch versions wrote; {LegacyConversion.Advice(path)}");
        var storage = new TorchStorage(key, dtype, count);
        if (storages.TryGetValue(key, out var known))
            return known == storage ? known : throw Invalid($"storage '{key}' declared twice, as {known.DType}[{known.Count}] and {storage.DType}[{storage.Count}]");
        storages[key] = storage;
        return storage;
    }

    public void Build(object? target, object? state)
    {
        // An OrderedDict pickles its instance attributes (a state dict's '_metadata': module versions)
        // as BUILD state; they are not weights, so they are dropped.
        if (target is OrderedDictionary<object, object?> && state is null or OrderedDictionary<object, object?>)
            return;
        throw Invalid($"BUILD of a {TypeName(target)} with a {TypeName(state)}");
    }

    /// <summary>The pickle's value as a state dict: names to tensors, in the file's order.</summary>
    public IReadOnlyList<KeyValuePair<string, TorchTensorRecord>> StateDict(object? root)
    {
        if (root is not OrderedDictionary<object, object?> dict)
            throw Invalid($"expected a state dict (names to tensors), found a {TypeName(root)}; save one with torch.save(model.state_dict(), PATH)");
        var entries = new List<KeyValuePair<string, TorchTensorRecord>>();
        foreach (var (key, value) in dict)
        {
            if (key is not string name || value is not TorchTensorRecord tensor)
                throw Invalid($"expected a state dict (names to tensors), found {Describe(key)}: a {TypeName(value)}; save one with torch.save(model.state_dict(), PATH)");
            entries.Add(new(name, tensor));
        }
        return entries;
    }

    private OrderedDictionary<object, object?> OrderedDictOf(object pairs)
    {
        var dict = new OrderedDictionary<object, object?>();
        foreach (var pair in pairs as IEnumerable<object?> ?? [])
        {
            if (pair is not object?[] { Length: 2 } item || item[0] is not (string or long))
                throw Invalid($"{OrderedDict} of {Describe(pair)}, not of (name, value) pairs");
            dict[item[0]!] = item[1];
        }
        return dict;
    }

    private static bool IsStorageType(PickleGlobal global) => global.Module == "torch" && TensorDTypes.FromStorageClass(global.Name) is not null;

    private long Integer(object? value, PickleGlobal callable) => value as long? ?? throw Invalid($"{callable} with {Describe(value)} for an integer");

    private long[] Integers(object? value, PickleGlobal callable) =>
        value is object?[] items ? items.Select(i => Integer(i, callable)).ToArray() : throw Invalid($"{callable} with {Describe(value)} for a tuple of integers");

    private InvalidDataException Invalid(string what) => new($"{path}: not a readable PyTorch state dict: {what}");

    private static string TypeName(object? value) => value switch
    {
        null => "None",
        OrderedDictionary<object, object?> => "dict",
        object?[] => "tuple",
        List<object?> => "list",
        TorchTensorRecord => "tensor",
        TorchStorage => "storage",
        PickleGlobal g => $"global {g}",
        _ => value.GetType().Name,
    };

    private static string Describe(object? value) => value switch
    {
        null => "None",
        string s => $"'{s}'",
        long or bool or double => value.ToString()!,
        _ => TypeName(value),
    };
}
