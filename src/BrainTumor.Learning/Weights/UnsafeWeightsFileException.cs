namespace BrainTumor.Learning.Weights;

/// <summary>
/// A weights file refused because loading it as Python would run code: its pickle names a global
/// outside the allow-list, or uses an opcode that instantiates classes. Nothing of it was loaded.
/// (An <see cref="IOException"/>, like the other faults of a file's content, since
/// <see cref="InvalidDataException"/> is sealed.)
/// </summary>
public sealed class UnsafeWeightsFileException(string message) : IOException(message);
