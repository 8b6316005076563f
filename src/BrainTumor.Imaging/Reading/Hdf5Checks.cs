using System.Buffers.Binary;

namespace BrainTumor.Imaging.Reading;

/// <summary>
/// Reads the HDF5 superblock (after MATLAB's userblock) to tell a cut-off file from a corrupt one
/// before the HDF5 reader runs into the missing bytes.
/// </summary>
internal static class Hdf5Checks
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A];

    public static void CheckComplete(string path, long length)
    {
        using var stream = File.OpenRead(path);
        Span<byte> header = stackalloc byte[96];
        // The superblock sits at 0 or after a userblock of 512 * 2^k bytes (MATLAB writes 512).
        for (long offset = 0; offset + 8 <= length; offset = offset == 0 ? 512 : offset * 2)
        {
            stream.Position = offset;
            var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            if (read < 8 || !header[..8].SequenceEqual(Signature))
                continue;
            var endOfFile = EndOfFileAddress(header[..read]);
            if (endOfFile is { } eof && length < eof)
                throw new ItemRejectedException(RejectionReason.Truncated,
                    $"HDF5 file is {length} bytes but its superblock says {eof} (file cut off)");
            return;
        }
        throw new ItemRejectedException(RejectionReason.Unreadable, "not a MATLAB v7.3 (HDF5) file: no HDF5 signature found");
    }

    private static long? EndOfFileAddress(ReadOnlySpan<byte> sb)
    {
        if (sb.Length < 16) return null;
        int version = sb[8];
        int offsetSize, at;
        switch (version)
        {
            case 0 or 1:
                offsetSize = sb[13];
                // version 0 fixed part is 24 bytes, version 1 adds 4; then base, free-space, EOF addresses.
                at = (version == 0 ? 24 : 28) + 2 * offsetSize;
                break;
            case 2 or 3:
                offsetSize = sb[9];
                // signature, version, sizes, flags (12 bytes); then base, extension, EOF addresses.
                at = 12 + 2 * offsetSize;
                break;
            default:
                return null;
        }
        if (offsetSize != 8 || at + 8 > sb.Length) return null;
        var value = BinaryPrimitives.ReadUInt64LittleEndian(sb.Slice(at, 8));
        return value is 0 or ulong.MaxValue or > long.MaxValue ? null : (long)value;
    }
}
