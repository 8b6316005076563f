using BrainTumor.Learning.Backbones;
using BrainTumor.Protocol.Labels;
using BrainTumor.Protocol.Specs;

namespace BrainTumor.Learning.Jobs;

/// <summary>
/// Whether the weights file a spec names fits its backbone, checked before the experiment starts.
/// It builds the network (on the meta device, or from an ONNX graph), so the platform runs it on a
/// thread of its own, never on a grain's.
/// </summary>
public static class SpecWeightsCheck
{
    /// <summary>Nothing for a spec without a weights file; an <see cref="ArgumentException"/> naming the file and why when it does not fit.</summary>
    public static void Run(ExperimentSpec spec)
    {
        if (spec.Weights is not { } weights)
            return;
        var backbone = BackboneRegistry.Get(spec.Backbone);
        try
        {
            backbone.CheckWeights(weights, LabelMap.All.Count, spec.WidthDivisor);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException or NotSupportedException)
        {
            throw new ArgumentException($"weights {weights}: unreadable for {backbone.Name}: {e.Message}", e);
        }
    }
}
