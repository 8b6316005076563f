namespace BrainTumor.Imaging.Reading;

/// <summary>
/// One dataset layout on disk. <see cref="Index"/> lists the items cheaply (labels, groups, folds)
/// and rejects what it can without decoding pixels; <see cref="ReadPixels"/> decodes one item and
/// throws <see cref="ItemRejectedException"/> for a bad one.
/// </summary>
public interface IDatasetReader
{
    /// <summary>Short name of the layout, as shown in reports (<c>figshare-mat</c>, <c>image-folder</c>).</summary>
    string Format { get; }

    DatasetIndex Index(string root);

    SliceImage ReadPixels(DatasetItem item);
}

/// <summary>The items of a dataset and the files left out while indexing.</summary>
/// <param name="GroupSource">Where <see cref="DatasetItem.Group"/> comes from (for example <c>PID</c> or <c>manifest:cheng_fold</c>), or null.</param>
/// <param name="FoldAttributes">Attributes that hold folds given by the data (for example <c>cvind</c>, <c>cheng_fold</c>).</param>
public sealed record DatasetIndex(
    string Root,
    string Format,
    IReadOnlyList<DatasetItem> Items,
    IReadOnlyList<RejectedFile> Rejected,
    string? GroupSource,
    IReadOnlyList<string> FoldAttributes);
