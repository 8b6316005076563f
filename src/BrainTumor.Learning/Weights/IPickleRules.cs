namespace BrainTumor.Learning.Weights;

/// <summary>
/// What a pickle may mean, for <see cref="RestrictedUnpickler"/>: which globals it may name, what
/// calling an allowed one produces (plain data, never code), and how persistent ids and BUILD are
/// taken. Anything a rule does not accept is refused with an exception.
/// </summary>
internal interface IPickleRules
{
    /// <summary>Whether the pickle may name this global at all; a refused one stops the walk.</summary>
    bool Allows(PickleGlobal global);

    /// <summary>The allowed globals in words, for the message that refuses another.</summary>
    string AllowedGlobals { get; }

    /// <summary>The value of REDUCE: <paramref name="callable"/> applied to <paramref name="arguments"/>.</summary>
    object Call(PickleGlobal callable, object?[] arguments);

    /// <summary>The value of BINPERSID: what the persistent id stands for (a tensor storage).</summary>
    object PersistentLoad(object? persistentId);

    /// <summary>BUILD: sets <paramref name="state"/> on <paramref name="target"/> (or refuses).</summary>
    void Build(object? target, object? state);
}
