namespace BrainTumor.Imaging.Preprocessing;

/// <summary>A cache entry: which items have a stored slice, and those slices' values in item order.</summary>
public sealed record CachedSlices(IReadOnlyList<bool> Stored, ReadOnlyMemory<ushort> Pixels);
