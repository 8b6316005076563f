namespace BrainTumor.Imaging.Reading;

/// <summary>Checks on a file's bytes made before any decoder sees it.</summary>
internal static class FileChecks
{
    /// <summary>Rejects a missing, empty or oversized file; returns its length.</summary>
    public static long CheckSize(string path, ImagingLimits limits)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new ItemRejectedException(RejectionReason.MissingFile, "file not found");
        if (info.Length == 0)
            throw new ItemRejectedException(RejectionReason.Empty, "file is empty (0 bytes)");
        if (info.Length > limits.MaxFileBytes)
            throw new ItemRejectedException(RejectionReason.Oversized, $"file is {info.Length} bytes, more than the limit of {limits.MaxFileBytes}");
        return info.Length;
    }

    public static void CheckPixelCount(long width, long height, ImagingLimits limits)
    {
        if (width <= 0 || height <= 0)
            throw new ItemRejectedException(RejectionReason.Empty, $"image has no pixels ({width}x{height})");
        if (width * height > limits.MaxPixels)
            throw new ItemRejectedException(RejectionReason.Oversized, $"image is {width}x{height}, more than the limit of {limits.MaxPixels} pixels");
    }

    /// <summary>
    /// Lenient decoders fill a cut-off image with grey instead of failing, so truncation is checked
    /// on the container: a JPEG must end with its EOI marker, a PNG with its IEND chunk.
    /// </summary>
    public static void CheckImageEnd(byte[] bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
        {
            // EOI (FF D9), allowing a little trailing padding that some writers add.
            var from = Math.Max(2, bytes.Length - 64);
            for (var i = bytes.Length - 2; i >= from; i--)
                if (bytes[i] == 0xFF && bytes[i + 1] == 0xD9)
                    return;
            throw new ItemRejectedException(RejectionReason.Truncated, "JPEG has no end-of-image marker (file cut off)");
        }
        if (bytes.Length >= 8 && bytes.AsSpan(0, 8).SequenceEqual(PngSignature))
        {
            if (bytes.Length >= 12 && bytes.AsSpan(bytes.Length - 12).StartsWith(IendChunk))
                return;
            throw new ItemRejectedException(RejectionReason.Truncated, "PNG has no IEND chunk (file cut off)");
        }
        throw new ItemRejectedException(RejectionReason.NotAnImage, "content is neither JPEG nor PNG");
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    // Length 0 followed by "IEND".
    private static ReadOnlySpan<byte> IendChunk => [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44];
}
