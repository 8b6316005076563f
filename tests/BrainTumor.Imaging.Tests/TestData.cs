using BrainTumor.Testing;
using PureHDF;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace BrainTumor.Imaging.Tests;

/// <summary>Builds small datasets on disk, good and bad, for reader and validator tests.</summary>
internal static class TestData
{
    /// <summary>A real 256x256 slice from the shipped sample.</summary>
    public static string SampleJpeg(string label = "glioma") =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.Sample, "images", label), "*.jpg").Order(StringComparer.Ordinal).First();

    public static void WritePng(string path, int width, int height, Func<int, int, ushort> pixel)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var image = new Image<L16>(width, height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                image[x, y] = new L16(pixel(x, y));
        image.SaveAsPng(path);
    }

    /// <summary>Saves 8-bit grey pixels losslessly as a PNG with the given compression (and any text chunks in its metadata).</summary>
    public static void SavePng(Image<L8> image, string path, PngCompressionLevel compression)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        image.SaveAsPng(path, new PngEncoder { CompressionLevel = compression, ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 });
    }

    /// <summary>A figshare-layout file; <paramref name="omit"/> leaves out one /cjdata field.</summary>
    public static void WriteMat(string path, double label, string pid, short[,] image, string? omit = null)
    {
        int rows = image.GetLength(0), columns = image.GetLength(1);
        var columnMajor = new short[rows * columns];
        for (var c = 0; c < columns; c++)
            for (var r = 0; r < rows; r++)
                columnMajor[c * rows + r] = image[r, c];
        var cjdata = new H5Group
        {
            ["label"] = new H5Dataset(new[] { label }, fileDims: [1, 1]),
            ["PID"] = new H5Dataset(pid.Select(ch => (ushort)ch).ToArray(), fileDims: [(ulong)pid.Length, 1]),
            ["image"] = new H5Dataset(columnMajor, fileDims: [(ulong)columns, (ulong)rows]),
            ["tumorBorder"] = new H5Dataset(new[] { 1.0, 2.0, 3.0, 4.0 }, fileDims: [1, 4]),
            ["tumorMask"] = new H5Dataset(new byte[rows * columns], fileDims: [(ulong)columns, (ulong)rows]),
        };
        if (omit is not null) cjdata.Remove(omit);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        new H5File { ["cjdata"] = cjdata }.Write(path);
    }

    public static short[,] Ramp(int rows, int columns)
    {
        var image = new short[rows, columns];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                image[r, c] = (short)(r * 7 + c * 3);
        return image;
    }

    /// <summary>A PNG whose header claims <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static void WritePngHeaderOnly(string path, int width, int height)
    {
        // Write a real 1x1 PNG, then patch the IHDR size (and its CRC) to the claimed one.
        WritePng(path, 1, 1, (_, _) => 0);
        var bytes = File.ReadAllBytes(path);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        var crc = System.IO.Hashing.Crc32.HashToUInt32(bytes.AsSpan(12, 17));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29), crc);
        File.WriteAllBytes(path, bytes);
    }
}
