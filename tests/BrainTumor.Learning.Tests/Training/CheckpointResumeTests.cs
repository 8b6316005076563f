using BrainTumor.Learning.Training;
using BrainTumor.Testing;
using Microsoft.Extensions.Time.Testing;
using BrainTumor.Protocol.Runs;

namespace BrainTumor.Learning.Tests.Training;

[Collection(SeededTorchCollection.Name)]
public class CheckpointResumeTests
{
    [Fact]
    public void A_stage_stopped_after_two_epochs_and_resumed_ends_as_one_never_stopped()
    {
        var data = TinyTraining.Data();
        // Dropout in the head and momentum make this a real test of the saved RNG and optimizer state.
        var trainer = new StageTrainer(TinyTraining.Recipe(epochs: 4));
        var folder = TestPaths.NewTempDirectory("resume");
        try
        {
            StageOutcome straight;
            Dictionary<string, float[]> straightWeights;
            using (var model = TinyTraining.Model())
            {
                straight = trainer.Train(model, data, depth: 1);
                straightWeights = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.data<float>().ToArray());
            }

            var checkpoint = Path.Combine(folder, "stage-1.ckpt");
            using (var model = TinyTraining.Model())
            {
                var partial = trainer.Train(model, data, depth: 1, checkpoint, stopAfterEpochs: 2);
                Assert.Equal(2, partial.EpochsRun);
            } // the "crash": everything of the first process is gone but the file
            Assert.Empty(Directory.GetFiles(folder, "*" + BrainTumor.Imaging.Storage.AtomicFile.PartialSuffix));

            // The file holds the stage's trainable blocks (block5 and the head: current, best and their momentum), not the frozen ones.
            var trainableBytes = 0L;
            var frozenBytes = 0L;
            using (var model = TinyTraining.Model())
                foreach (var (name, tensor) in model.state_dict())
                {
                    var bytes = tensor.NumberOfElements * tensor.ElementSize;
                    if (name.StartsWith("features.", StringComparison.Ordinal) && !BrainTumor.Learning.Backbones.Vgg.Blocks(19).Blocks[^2].Covers(name)) frozenBytes += bytes;
                    else trainableBytes += bytes;
                }
            Assert.InRange(new FileInfo(checkpoint).Length, 3 * trainableBytes, 3 * trainableBytes + frozenBytes / 2);

            using (var model = TinyTraining.Model()) // the stage's starting weights, its trainable blocks scrambled: the checkpoint must overwrite them
            {
                using (TorchSharp.torch.no_grad())
                    foreach (var (name, tensor) in model.state_dict().Where(t => !t.Key.StartsWith("features.", StringComparison.Ordinal)))
                        tensor.fill_(0.5f);
                var resumed = trainer.Train(model, data, depth: 1, checkpoint);
                Assert.Equal(TinyTraining.Numbers(straight), TinyTraining.Numbers(resumed));
                Assert.Equal(straight.BestEpoch, resumed.BestEpoch);
                foreach (var (name, tensor) in model.state_dict())
                    Assert.Equal(straightWeights[name], tensor.data<float>().ToArray());

                // A finished stage resumes to its outcome without training.
                var again = trainer.Train(model, data, depth: 1, checkpoint);
                Assert.Equal(TinyTraining.Numbers(straight), TinyTraining.Numbers(again));
                Assert.Equal(straight.Cache with { BuildSeconds = 0 }, again.Cache with { BuildSeconds = 0 });
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(2, "a batch")] // cancelled as epoch 3's batch 2 ends: the next batch does not start
    [InlineData(4, "validation")] // cancelled as epoch 3's last batch ends: its validation stops, the training is saved
    public void A_stage_cancelled_in_an_epoch_saves_where_it_stands_and_resumed_goes_on_from_there_to_the_numbers_of_one_never_stopped(int batch, string cut)
    {
        var data = TinyTraining.Data(); // 30 training slices: batches of 8, 8, 8 and 6 per epoch
        var folder = TestPaths.NewTempDirectory("resume-cancelled");
        try
        {
            StageOutcome straight;
            Dictionary<string, float[]> straightWeights;
            using (var model = TinyTraining.Model())
            {
                straight = new StageTrainer(TinyTraining.Recipe(epochs: 4)).Train(model, data, depth: 1);
                straightWeights = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.data<float>().ToArray());
            }

            // A long interval: the epochs before the cancellation write nothing, the cancellation itself does.
            var checkpoint = Path.Combine(folder, "stage-1.ckpt");
            using var cancel = new CancellationTokenSource();
            using (var model = TinyTraining.Model())
            {
                var trainer = new StageTrainer(TinyTraining.Recipe(epochs: 4))
                {
                    Cancellation = cancel.Token,
                    CheckpointInterval = TimeSpan.FromHours(1),
                    Hooks = [new CancelAt(cancel, epoch: 3, batch)],
                };
                Assert.ThrowsAny<OperationCanceledException>(() => trainer.Train(model, data, depth: 1, checkpoint));
            }
            var saved = StageCheckpoint.ReadProgress(checkpoint);
            Assert.Equal((2, 3, batch), (saved.EpochsDone, saved.Interrupted!.Epoch, saved.Interrupted.Batches));
            Assert.False(saved.Finished);

            var resumedBatches = new List<(int Epoch, int Batch)>();
            using (var model = TinyTraining.Model())
            {
                var resumed = new StageTrainer(TinyTraining.Recipe(epochs: 4)) { BatchStarting = (e, b) => resumedBatches.Add((e, b)) }
                    .Train(model, data, depth: 1, checkpoint);
                Assert.Equal(TinyTraining.Numbers(straight), TinyTraining.Numbers(resumed));
                foreach (var (name, tensor) in model.state_dict())
                    Assert.Equal(straightWeights[name], tensor.data<float>().ToArray());
            }
            // After a batch: the next one comes first; after validation was cut: epoch 3 is validated again and epoch 4 trains.
            Assert.Equal(cut == "a batch" ? (3, batch + 1) : (4, 1), resumedBatches[0]);
            Assert.Null(StageCheckpoint.ReadProgress(checkpoint).Interrupted); // the finished stage's file holds no interrupted epoch
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Cancels as training batch <paramref name="batch"/> of <paramref name="epoch"/> ends, before the next check.</summary>
    private sealed class CancelAt(CancellationTokenSource cancel, int epoch, int batch) : IStageHook
    {
        void IStageHook.BatchFinished(StageContext stage, int e, int b, double loss)
        {
            if ((e, b) == (epoch, batch))
                cancel.Cancel();
        }
    }

    [Fact]
    public void With_an_interval_progress_is_saved_only_once_that_much_time_has_passed_and_a_rerun_resumes_from_the_last_save()
    {
        var data = TinyTraining.Data();
        var folder = TestPaths.NewTempDirectory("resume-interval");
        try
        {
            var checkpoint = Path.Combine(folder, "stage-1.ckpt");
            // Each epoch takes 40 s on the clock (advanced as its first batch starts); the interval is 60 s:
            // after epoch 1 nothing is saved (40 s), after epoch 2 it is (80 s), after epoch 3 not (40 s since), after epoch 4 it is.
            var clock = new FakeTimeProvider();
            var onDisk = new List<(int Epoch, int Saved)>(); // after each epoch trained: the epoch the file holds (0: no file)
            StageTrainer Trainer(int epochs) => new(TinyTraining.Recipe(epochs))
            {
                CheckpointInterval = TimeSpan.FromSeconds(60),
                Clock = clock,
                BatchStarting = (_, batch) => { if (batch == 1) clock.Advance(TimeSpan.FromSeconds(40)); },
                EpochCompleted = e => onDisk.Add((e.Epoch, File.Exists(checkpoint) ? StageCheckpoint.ReadProgress(checkpoint).EpochsDone : 0)),
            };

            StageOutcome straight;
            using (var model = TinyTraining.Model())
                straight = new StageTrainer(TinyTraining.Recipe(epochs: 5)).Train(model, data, depth: 1);

            using (var model = TinyTraining.Model())
                Trainer(epochs: 5).Train(model, data, depth: 1, checkpoint, stopAfterEpochs: 3); // the "crash" after epoch 3
            Assert.Equal([(1, 0), (2, 2), (3, 2)], onDisk);

            onDisk.Clear();
            StageOutcome resumed;
            using (var model = TinyTraining.Model())
                resumed = Trainer(epochs: 5).Train(model, data, depth: 1, checkpoint);
            // Epoch 3 was lost with the crash and is trained again; 40 s after the resume nothing is saved, 80 s after it is, 40 s later not.
            Assert.Equal([(3, 2), (4, 4), (5, 4)], onDisk);
            Assert.Equal(TinyTraining.Numbers(straight), TinyTraining.Numbers(resumed));

            // Zero saves after every epoch: the default of the library.
            Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(folder);
            onDisk.Clear();
            using (var model = TinyTraining.Model())
                new StageTrainer(TinyTraining.Recipe(epochs: 3))
                {
                    EpochCompleted = e => onDisk.Add((e.Epoch, StageCheckpoint.ReadProgress(checkpoint).EpochsDone)),
                }.Train(model, data, depth: 1, checkpoint);
            Assert.Equal([(1, 1), (2, 2), (3, 3)], onDisk);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_checkpoint_cut_short_is_refused_naming_the_file_and_leaves_the_model_as_it_was()
    {
        var data = TinyTraining.Data();
        var trainer = new StageTrainer(TinyTraining.Recipe(epochs: 3));
        var folder = TestPaths.NewTempDirectory("resume-cut");
        try
        {
            var checkpoint = Path.Combine(folder, "stage-1.ckpt");
            using (var model = TinyTraining.Model())
                trainer.Train(model, data, depth: 1, checkpoint, stopAfterEpochs: 1);
            var whole = File.ReadAllBytes(checkpoint);
            Assert.Equal("ckpt.End"u8.ToArray(), whole[^8..]);
            File.WriteAllBytes(checkpoint, whole[..(whole.Length / 2)]); // as a power loss can leave it

            using var resumed = TinyTraining.Model();
            var before = resumed.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.data<float>().ToArray());
            var error = Assert.Throws<InvalidDataException>(() => trainer.Train(resumed, data, depth: 1, checkpoint));
            Assert.Contains(checkpoint, error.Message);
            Assert.Contains("incomplete stage checkpoint", error.Message);
            foreach (var (name, tensor) in resumed.state_dict())
                Assert.Equal(before[name], tensor.data<float>().ToArray());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
