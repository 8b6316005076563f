using System.IO.Compression;
using System.Text;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Weights;

/// <summary>
/// PyTorch's zip format (<c>torch.save</c> since PyTorch 1.6): <c>NAME/data.pkl</c>, the state-dict
/// pickle, and one record <c>NAME/data/KEY</c> per storage (stored uncompressed by PyTorch, deflated
/// by some other writers). Every declared size is checked against the archive, and the archive
/// against the file, before any tensor is read.
/// </summary>
internal sealed class TorchZipWeightsFile : TorchWeightsFile
{
    private const string PickleName = "data.pkl";
    private const long MaxDeflateRatio = 1032;

    private readonly ZipArchive archive;
    private readonly Dictionary<string, ZipArchiveEntry> storageEntries;

    private TorchZipWeightsFile(string path, ZipArchive archive, IReadOnlyList<KeyValuePair<string, TorchTensorRecord>> stateDict, Dictionary<string, ZipArchiveEntry> storageEntries)
        : base(path, "pytorch-zip", stateDict)
    {
        this.archive = archive;
        this.storageEntries = storageEntries;
    }

    public static TorchZipWeightsFile Open(string path, FileStream stream)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: not a readable zip archive ({e.Message})", e);
        }
        try
        {
            var fileLength = stream.Length;
            long declared = 0;
            foreach (var entry in archive.Entries)
            {
                if (entry.CompressedLength > fileLength - declared) // compared so, the sum cannot overflow
                    throw new InvalidDataException($"{path}: its zip entries declare more bytes than the file's {fileLength}");
                declared += entry.CompressedLength;
            }

            var pickles = archive.Entries.Where(e => e.FullName.EndsWith("/" + PickleName, StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1).ToList();
            if (pickles.Count != 1)
                throw new InvalidDataException($"{path}: a zip archive but not a PyTorch checkpoint ({pickles.Count} 'NAME/{PickleName}' records, expected 1)");
            var prefix = pickles[0].FullName[..^PickleName.Length];
            CheckByteOrder(path, archive.GetEntry(prefix + "byteorder"));

            var pickle = ReadSmall(path, pickles[0], RestrictedUnpickler.MaxPickleBytes);
            var rules = new TorchPickleRules(path);
            var (root, _) = RestrictedUnpickler.Load(pickle, 0, rules, $"{path} ({pickles[0].FullName})");
            var stateDict = rules.StateDict(root);

            var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
            foreach (var storage in rules.Storages.Values)
            {
                var name = $"{prefix}data/{storage.Key}";
                var entry = archive.GetEntry(name) ?? throw new InvalidDataException($"{path}: storage '{storage.Key}' has no record {name}");
                if (entry.Length != storage.ByteCount)
                    throw new InvalidDataException($"{path}: record {name} holds {entry.Length} bytes; its storage declares {storage.Count} elements of {storage.DType} ({storage.ByteCount} bytes)");
                CheckDeclaredSize(path, entry);
                entries[storage.Key] = entry;
            }
            return new TorchZipWeightsFile(path, archive, stateDict, entries);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    protected override Tensor ReadStorage(TorchStorage storage, long first, long count)
    {
        var entry = storageEntries[storage.Key];
        using var data = entry.Open();
        var what = $"{Path} ({entry.FullName})";
        TensorReading.Skip(data, first * TensorDTypes.ElementSize(storage.DType), what);
        return TensorReading.ReadFlat(data, storage.DType, count, what);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            archive.Dispose();
    }

    /// <summary>
    /// torch.save stores its records uncompressed, so their declared size is bounded by the file;
    /// other writers (TorchSharp.PyBridge) deflate them. Deflate cannot expand data more than 1032
    /// times, so a record declaring more than that is refused before its tensor is allocated; and
    /// the readers take exactly the declared bytes, never more.
    /// </summary>
    private static void CheckDeclaredSize(string path, ZipArchiveEntry entry)
    {
        if (entry.Length > entry.CompressedLength * MaxDeflateRatio)
            throw new InvalidDataException($"{path}: record {entry.FullName} declares {entry.Length} bytes from {entry.CompressedLength} compressed, more than deflate can produce");
    }

    private static byte[] ReadSmall(string path, ZipArchiveEntry entry, int limit)
    {
        if (entry.Length > limit)
            throw new InvalidDataException($"{path}: record {entry.FullName} declares {entry.Length} bytes, more than the {limit} allowed");
        CheckDeclaredSize(path, entry);
        var bytes = new byte[entry.Length];
        using var data = entry.Open();
        try
        {
            data.ReadExactly(bytes);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: record {entry.FullName} ends before its declared {entry.Length} bytes");
        }
        return bytes;
    }

    /// <summary>PyTorch 2 records the byte order of the storages; older files are little-endian.</summary>
    private static void CheckByteOrder(string path, ZipArchiveEntry? entry)
    {
        if (entry is null)
            return;
        var order = Encoding.ASCII.GetString(ReadSmall(path, entry, 16)).Trim();
        if (order != "little")
            throw new InvalidDataException($"{path}: storages in '{order}' byte order; only little-endian files are read");
    }
}
