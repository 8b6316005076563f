using System.CommandLine;
using BrainTumor.Client.Commands;
using BrainTumor.Learning.Runtime;

// Before any tensor exists (predict computes in this process; an embedded silo's host turns it on
// too): libtorch reads its huge-page switch once, at its first allocation.
LibTorchHugePages.Enable();

var root = new RootCommand("BrainTumorOrleans: block-wise fine-tuning experiments on brain-tumour MRI (Swati et al., 2019).")
{
    DemoCommand.Create(),
    ExperimentCommands.Create(),
    DatasetCommands.Create(),
    BackboneCommands.Create(),
    RecipeCommands.Create(),
    DeviceCommands.Create(),
    PredictCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
