using System.Text.Json.Serialization;
using BrainTumor.Protocol.Metrics;
using BrainTumor.Protocol.Runs;
using BrainTumor.Protocol.Supervision;

namespace BrainTumor.Reports.Document;

/// <summary>
/// One fold: its test result at the depth its supervisor chose (<see cref="Accuracy"/>,
/// <see cref="Depth"/>, per-class rates, confusion matrix), the sizes of its parts, every stage it
/// trained with every epoch (the learning curves), and every decision with the numbers behind it.
/// </summary>
public sealed record FoldReport(
    int Fold,
    double Accuracy,
    int Depth,
    [property: JsonConverter(typeof(NonFiniteAsNull))] double Loss,
    int TrainItems,
    int ValidationItems,
    int TestItems,
    IReadOnlyDictionary<string, ClassMetrics> PerClass,
    MacroAverages Macro,
    ConfusionMatrix ConfusionMatrix,
    IReadOnlyList<StageOutcome> Stages,
    IReadOnlyList<SupervisorDecision> Decisions);
