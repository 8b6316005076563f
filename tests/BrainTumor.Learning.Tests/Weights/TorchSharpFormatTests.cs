using BrainTumor.Learning.Tests.Training;
using BrainTumor.Learning.Weights;
using BrainTumor.Testing;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests.Weights;

[Collection(SeededTorchCollection.Name)]
public class TorchSharpFormatTests
{
    [Fact]
    public void A_module_is_written_byte_for_byte_as_TorchSharp_writes_it_and_loads_back()
    {
        var folder = TestPaths.NewTempDirectory("torchsharp-format");
        try
        {
            using var model = TinyTraining.Model(seed: 3);
            var ours = Path.Combine(folder, "ours.pt");
            var theirs = Path.Combine(folder, "theirs.pt");
            TorchSharpFormat.SaveModule(model, ours);
            model.save(theirs);
            Assert.Equal(File.ReadAllBytes(theirs), File.ReadAllBytes(ours));

            using var loaded = TinyTraining.Model(seed: 4);
            loaded.load(ours);
            foreach (var (name, tensor) in model.state_dict())
                Assert.Equal(tensor.data<float>().ToArray(), loaded.state_dict()[name].data<float>().ToArray());

            var error = Assert.Throws<IOException>(() => TorchSharpFormat.SaveModule(model, ours)); // never over an existing file: AtomicFile gives a new one
            Assert.Contains(ours, error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_file_is_read_into_the_networks_own_tensors_and_one_that_does_not_fit_is_refused_naming_it()
    {
        var folder = TestPaths.NewTempDirectory("torchsharp-format-load");
        try
        {
            using var model = TinyTraining.Model(seed: 3);
            var file = Path.Combine(folder, "weights.pt");
            model.save(file);
            using var loaded = TinyTraining.Model(seed: 4);
            var held = loaded.state_dict(); // taken before: the values must arrive in these very tensors
            TorchSharpFormat.LoadModule(loaded, file);
            foreach (var (name, tensor) in model.state_dict())
                Assert.Equal(tensor.data<float>().ToArray(), held[name].data<float>().ToArray());

            string Refusal(Action<string> damage)
            {
                var copy = Path.Combine(folder, $"{Guid.NewGuid():N}.pt");
                File.Copy(file, copy);
                damage(copy);
                using var target = TinyTraining.Model(seed: 4);
                var message = Assert.Throws<InvalidDataException>(() => TorchSharpFormat.LoadModule(target, copy)).Message;
                Assert.StartsWith($"{copy}: ", message);
                return message;
            }
            Assert.Contains("the file ends before its last tensor", Refusal(p => File.WriteAllBytes(p, File.ReadAllBytes(p)[..^100])));
            using (var other = TinyTraining.Model(seed: 3))
            {
                var entries = other.state_dict();
                Assert.Contains($"{entries.Count - 1} tensors, expected {entries.Count} for the network (weights of another network?)",
                    Refusal(p => { File.Delete(p); using var s = File.Create(p); using var w = new BinaryWriter(s); WriteEntries(w, entries.Skip(1)); }));
                Assert.Contains("tensor 'renamed' is not in the network (weights of another network?)",
                    Refusal(p => { File.Delete(p); using var s = File.Create(p); using var w = new BinaryWriter(s); WriteEntries(w, entries.Select((kv, i) => i == 0 ? new KeyValuePair<string, Tensor>("renamed", kv.Value) : kv)); }));
                var (firstName, firstTensor) = entries.First();
                using var wider = zeros([.. firstTensor.shape.Select((d, i) => i == 0 ? d + 1 : d)]);
                Assert.Contains($"tensor '{firstName}' is Float32 [{string.Join(", ", wider.shape)}]; expected Float32 [{string.Join(", ", firstTensor.shape)}]",
                    Refusal(p => { File.Delete(p); using var s = File.Create(p); using var w = new BinaryWriter(s); WriteEntries(w, entries.Select((kv, i) => i == 0 ? new KeyValuePair<string, Tensor>(kv.Key, wider) : kv)); }));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void WriteEntries(BinaryWriter writer, IEnumerable<KeyValuePair<string, Tensor>> entries)
    {
        var list = entries.ToList();
        TorchSharpFormat.Encode(writer, list.Count);
        foreach (var (name, tensor) in list)
        {
            writer.Write(name);
            tensor.Save(writer);
        }
    }

    public static TheoryData<string> Tensors => ["float32 3x200", "int64 5", "float16 2x2x2", "bool 4", "scalar float64"];

    [Theory]
    [MemberData(nameof(Tensors))]
    public void A_tensor_is_written_byte_for_byte_as_Tensor_Save_writes_it(string which)
    {
        using var tensor = Make(which);
        Assert.Equal(Bytes(w => tensor.Save(w)), Bytes(w => TorchSharpFormat.WriteTensor(w, tensor)));
    }

    [Fact]
    public void A_tensor_that_is_not_contiguous_is_written_in_its_logical_order()
    {
        using var matrix = arange(6, ScalarType.Float32).reshape(2, 3);
        using var transposed = matrix.t(); // [[0, 3], [1, 4], [2, 5]], a view with strides (1, 3)
        Assert.False(transposed.is_contiguous());
        using var reader = new BinaryReader(new MemoryStream(Bytes(w => TorchSharpFormat.WriteTensor(w, transposed))));
        using var back = zeros(3, 2);
        back.Load(reader);
        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], back.data<float>().ToArray());
    }

    private static Tensor Make(string which) => which switch
    {
        "float32 3x200" => randn(3, 200), // 200 needs two LEB128 bytes
        "int64 5" => arange(5, ScalarType.Int64),
        "float16 2x2x2" => randn(2, 2, 2).to(ScalarType.Float16),
        "bool 4" => tensor(new[] { true, false, false, true }),
        "scalar float64" => tensor(2.5),
        _ => throw new ArgumentOutOfRangeException(nameof(which), which, null),
    };

    private static byte[] Bytes(Action<BinaryWriter> write)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, System.Text.Encoding.UTF8, leaveOpen: true))
            write(writer);
        return memory.ToArray();
    }
}
