using BrainTumor.Learning.Training;
using BrainTumor.Testing;
using TorchSharp;

namespace BrainTumor.Learning.Tests.Training;

[Collection(SeededTorchCollection.Name)]
public class StageCancellationTests
{
    [Fact]
    public void Cancelled_while_a_batch_runs_the_stage_starts_no_other_batch_keeps_its_last_epoch_and_frees_its_tensors()
    {
        var data = TinyTraining.Data(); // 30 training slices: batches of 8, 8, 8 and 6 per epoch
        var folder = TestPaths.NewTempDirectory("cancel");
        try
        {
            var checkpoint = Path.Combine(folder, "stage-1.ckpt");
            using var model = TinyTraining.Model();
            // What a finished stage leaves alive (tensor handles of the model it hands back), measured after a
            // first run has made the gradients and libtorch's lazy state: a cancelled stage may leave no more.
            new StageTrainer(TinyTraining.Recipe(epochs: 1)).Train(model, data, depth: 1);
            var liveBefore = LiveTensors();
            new StageTrainer(TinyTraining.Recipe(epochs: 1)).Train(model, data, depth: 1);
            var leftByFinished = LiveTensors() - liveBefore;
            liveBefore = LiveTensors();

            using var cancel = new CancellationTokenSource();
            var batches = new List<(int Epoch, int Batch)>();
            var startedAfterCancel = 0;
            var epochs = new List<int>();
            var trainer = new StageTrainer(TinyTraining.Recipe(epochs: 4))
            {
                Cancellation = cancel.Token,
                EpochCompleted = e => epochs.Add(e.Epoch),
                BatchStarting = (epoch, batch) =>
                {
                    if (cancel.IsCancellationRequested)
                        startedAfterCancel++;
                    batches.Add((epoch, batch));
                    if ((epoch, batch) == (2, 2))
                        cancel.Cancel(); // while batch 2 of epoch 2 runs
                },
            };
            var stopped = Assert.ThrowsAny<OperationCanceledException>(() => trainer.Train(model, data, depth: 1, checkpoint));

            Assert.Equal(cancel.Token, stopped.CancellationToken);
            Assert.Equal(0, startedAfterCancel); // only the batch in flight ran on
            Assert.Equal([(1, 1), (1, 2), (1, 3), (1, 4), (2, 1), (2, 2)], batches);
            Assert.Equal([1], epochs); // epoch 2 was not finished, nor validated
            Assert.Equal(leftByFinished, LiveTensors() - liveBefore); // the optimizer, the activation cache and the best-weights copy are gone

            // The cancelled stage saved itself after the batch in flight: a rerun starts at epoch 2's third batch and ends the stage.
            var resumedBatches = new List<(int Epoch, int Batch)>();
            var resumed = new StageTrainer(TinyTraining.Recipe(epochs: 4)) { BatchStarting = (e, b) => resumedBatches.Add((e, b)) }
                .Train(model, data, depth: 1, checkpoint);
            Assert.Equal((2, 3), resumedBatches[0]);
            Assert.Equal([1, 2, 3, 4], resumed.Epochs.Select(e => e.Epoch));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static long LiveTensors() => DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;
}
