using BrainTumor.Learning.Training;
using BrainTumor.Testing;

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

            using (var model = TinyTraining.Model(seed: 99)) // other initial weights: the checkpoint must overwrite them
            {
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
}
