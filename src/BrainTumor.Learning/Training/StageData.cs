using BrainTumor.Protocol.Labels;
using BrainTumor.Imaging.Folds;
using BrainTumor.Imaging.Preprocessing;
using BrainTumor.Learning.Data;
using BrainTumor.Protocol.Metrics;

namespace BrainTumor.Learning.Training;

/// <summary>
/// One fold's data for the trainer: the preprocessed slices, the backbone's normalisation and the
/// positions (indices into <see cref="Slices"/>) of the training, validation and test parts.
/// </summary>
public sealed record StageData(
    PreprocessedSlices Slices,
    InputNormalization Normalization,
    IReadOnlyList<int> Train,
    IReadOnlyList<int> Validation,
    IReadOnlyList<int> Test)
{
    private int[]? _labels;

    /// <summary>Class index (<see cref="LabelMap.IndexOf"/>) of every slice.</summary>
    public IReadOnlyList<int> Labels => _labels ??= [.. Slices.Items.Select(i => LabelMap.IndexOf(i.Label))];

    /// <summary>A fold of a plan, its item ids mapped to positions in <paramref name="slices"/> (ids the slices lack, because they were rejected, are refused).</summary>
    public static StageData FromFold(PreprocessedSlices slices, Fold fold, InputNormalization normalization)
    {
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < slices.Count; i++)
            position[slices.Items[i].Id] = i;
        List<int> Map(IReadOnlyList<string> ids, string part) =>
            [.. ids.Select(id => position.TryGetValue(id, out var p) ? p : throw new ArgumentException($"fold {fold.Number} {part}: item {id} is not among the loaded slices"))];
        return new StageData(slices, normalization, Map(fold.Train, "train"), Map(fold.Validation, "validation"), Map(fold.Test, "test"));
    }
}
