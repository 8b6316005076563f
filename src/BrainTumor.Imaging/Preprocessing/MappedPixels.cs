using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace BrainTumor.Imaging.Preprocessing;

/// <summary>
/// 16-bit values read straight from a file mapped read-only into memory: the pages are the
/// kernel's cached copy of the file, so holding a cached dataset costs no fresh memory and no copy.
/// The view stays mapped while this object is reachable; its SafeHandle unmaps it when collected.
/// </summary>
internal sealed unsafe class MappedPixels : MemoryManager<ushort>
{
    private readonly MemoryMappedViewAccessor _view;
    private readonly ushort* _first;
    private readonly int _length;

    public MappedPixels(string path, long offset, int length)
    {
        using (var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read))
            _view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        var start = (byte*)_view.SafeMemoryMappedViewHandle.DangerousGetHandle() + _view.PointerOffset;
        if ((long)_view.SafeMemoryMappedViewHandle.ByteLength - _view.PointerOffset < offset + (long)length * sizeof(ushort))
            throw new ArgumentOutOfRangeException(nameof(length), $"{path} is shorter than {offset} + {length} values");
        _first = (ushort*)(start + offset);
        _length = length;
        Prefault(start, offset + (long)length * sizeof(ushort));
    }

    /// <summary>
    /// Reads one byte of every page now, so the load pays for bringing the file in (from the page
    /// cache or the disk) and the first training batch does not.
    /// </summary>
    private static void Prefault(byte* start, long bytes)
    {
        for (long at = 0; at < bytes; at += Environment.SystemPageSize)
            _ = Volatile.Read(ref start[at]); // volatile: a read whose value is unused is not elided
    }

    public override Span<ushort> GetSpan() => new(_first, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_first + elementIndex, pinnable: this);

    public override void Unpin() { }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _view.Dispose();
    }
}
