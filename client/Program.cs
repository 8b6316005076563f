using System.CommandLine;
using BrainTumor.Client.Commands;

var root = new RootCommand("BrainTumorOrleans: block-wise fine-tuning experiments on brain-tumour MRI (Swati et al., 2019).")
{
    DemoCommand.Create(),
    ExperimentCommands.Create(),
    DatasetCommands.Create(),
    BackboneCommands.Create(),
    DeviceCommands.Create(),
    PredictCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
