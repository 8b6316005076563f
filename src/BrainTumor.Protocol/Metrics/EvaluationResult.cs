using System.Text.Json.Serialization;
using BrainTumor.Protocol.Labels;
using BrainTumor.Protocol.Runs;

namespace BrainTumor.Protocol.Metrics;

/// <summary>A pass over some slices in eval mode: mean loss, accuracy, predictions and softmax scores.</summary>
public sealed record EvaluationResult([property: JsonConverter(typeof(NonFiniteAsNull))] double Loss, double Accuracy, IReadOnlyList<int> Truth, IReadOnlyList<int> Predicted, IReadOnlyList<IReadOnlyList<double>> Scores)
{
    /// <summary>Accuracy, per-class rates and one-vs-rest AUC from the softmax scores.</summary>
    public ClassificationMetrics Metrics() =>
        ClassificationMetrics.Compute(LabelMap.Names, Truth, Predicted, new ClassScores(Truth, Scores));
}
