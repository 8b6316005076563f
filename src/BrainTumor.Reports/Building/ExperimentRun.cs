using BrainTumor.Imaging.Folds;
using BrainTumor.Protocol.Metrics;
using BrainTumor.Protocol.Runs;
using BrainTumor.Protocol.Specs;
using BrainTumor.Reports.Document;

namespace BrainTumor.Reports.Building;

/// <summary>
/// A finished experiment as the report reads it: its settings, its backbone and times, the weights it started
/// from, its fold plan and, per fold, what the run folder holds (the stages' outcomes and the test
/// predictions at the tested depth). The platform's grains fill it; nothing here knows of Orleans.
/// </summary>
public sealed record ExperimentRun(
    string Id,
    ExperimentSpec Spec,
    BackboneFacts Backbone,
    DateTimeOffset Created,
    DateTimeOffset? Finished,
    StartingWeights StartingWeights,
    FoldPlan Plan,
    IReadOnlyList<FoldRun> Folds);

/// <summary>One fold's stages (depth 0, 1, ... in order), the depth its test pass used, the test predictions and, when known, how long the test pass took.</summary>
public sealed record FoldRun(
    int Fold,
    IReadOnlyList<StageOutcome> Stages,
    int TestedDepth,
    EvaluationResult Test,
    double? TestSeconds = null);
