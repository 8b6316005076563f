namespace BrainTumor.Reports.Document;

/// <summary>
/// Accuracy by fine-tuning depth across folds, the kind of table Swati et al. (2019) give for
/// block-wise fine-tuning: one row per depth (0 = the head only, k = the head and the k deepest
/// blocks), one cell per fold with that depth's best validation accuracy, the chosen depth marked.
/// Test accuracy exists only where a fold's supervisor chose (the test fold is evaluated once).
/// </summary>
public sealed record DepthTable(
    string Policy,
    bool EveryDepthTrained,
    IReadOnlyList<int> Folds,
    IReadOnlyList<DepthRow> Rows);

/// <summary>A depth: the blocks it trains, its cell in each fold, and the mean over folds (null unless every fold trained it).</summary>
public sealed record DepthRow(
    int Depth,
    IReadOnlyList<string> TrainedBlocks,
    IReadOnlyList<DepthCell> Cells,
    double? MeanValidationAccuracy);

/// <summary>A fold at a depth: null validation accuracy when the fold never trained that depth; test accuracy only at its chosen depth.</summary>
public sealed record DepthCell(
    int Fold,
    double? ValidationAccuracy,
    bool Chosen,
    double? TestAccuracy);
