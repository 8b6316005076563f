using System.CommandLine;
using BrainTumor.Client.Commands;
using BrainTumor.Learning.Runtime;

// First of all: this may start the program again with glibc's huge pages (ProcessHugePages), and
// libtorch reads its own switch once, at its first allocation (predict computes in this process).
var arguments = ProcessHugePages.Start(args);

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
var parse = root.Parse(arguments);
if (parse.Errors.Count > 0 && arguments.Length > 0)
    return UsageErrors.Report(parse);
return await parse.InvokeAsync();
