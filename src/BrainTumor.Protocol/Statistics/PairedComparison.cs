using System.Globalization;
using System.Text.Json.Serialization;

namespace BrainTumor.Protocol.Statistics;

/// <summary>One fold of a paired comparison: A's and B's test accuracy on the same slices, and B - A.</summary>
public sealed record FoldPair(
    [property: JsonPropertyName("fold")] int Fold,
    [property: JsonPropertyName("a")] double A,
    [property: JsonPropertyName("b")] double B,
    [property: JsonPropertyName("difference")] double Difference);

/// <summary>
/// Two experiments compared fold by fold on the same test slices: the per-fold table and the corrected
/// resampled t-test of the differences (<see cref="PairedFoldTest"/>). Pairing is refused unless both have
/// the same folds and each fold tested the same slices (<see cref="FoldScore.TestDigest"/>): a difference
/// between two different test sets says nothing about the settings. n_test / n_train is the mean over both
/// experiments' folds (a refitting experiment trained its tested models on more slices).
/// </summary>
public sealed record PairedComparison(
    [property: JsonPropertyName("a")] string A,
    [property: JsonPropertyName("b")] string B,
    [property: JsonPropertyName("mean_a")] double MeanA,
    [property: JsonPropertyName("mean_b")] double MeanB,
    [property: JsonPropertyName("folds")] IReadOnlyList<FoldPair> Folds,
    [property: JsonPropertyName("test")] PairedFoldTest Test)
{
    /// <exception cref="InvalidOperationException">The two cannot be paired; the message says why, naming the fold.</exception>
    public static PairedComparison Of(string a, IReadOnlyList<FoldScore> foldsA, string b, IReadOnlyList<FoldScore> foldsB)
    {
        ArgumentNullException.ThrowIfNull(foldsA);
        ArgumentNullException.ThrowIfNull(foldsB);
        if (string.Equals(a, b, StringComparison.Ordinal))
            throw new InvalidOperationException($"{a} is compared with itself: name two experiments");
        var numbersA = foldsA.Select(f => f.Fold).Order().ToList();
        var numbersB = foldsB.Select(f => f.Fold).Order().ToList();
        if (!numbersA.SequenceEqual(numbersB))
            throw new InvalidOperationException(
                $"{a} and {b} cannot be paired: {a} tested folds {List(numbersA)} and {b} folds {List(numbersB)}; a paired comparison needs the same folds");
        if (numbersA.Count < 2)
            throw new InvalidOperationException($"{a} and {b} have {numbersA.Count} fold: a paired comparison needs at least 2");
        foreach (var (id, folds) in new[] { (a, foldsA), (b, foldsB) })
            if (folds.Any(f => string.IsNullOrEmpty(f.TestDigest) || f.FitItems <= 0 || f.TestItems <= 0))
                throw new InvalidOperationException($"{id}'s report does not record which slices its folds tested; `braintumor experiment report {id} --rebuild` writes it again");

        var pairs = new List<FoldPair>();
        foreach (var fold in numbersA)
        {
            var (x, y) = (foldsA.Single(f => f.Fold == fold), foldsB.Single(f => f.Fold == fold));
            if (x.TestDigest != y.TestDigest)
                throw new InvalidOperationException(
                    $"{a} and {b} cannot be paired: fold {fold} tested other slices ({x.TestItems} in {a}, {y.TestItems} in {b}, not the same ones); " +
                    "a paired comparison needs the same folds: the same --folds-from column, or the same --folds and --seed on the same dataset");
            pairs.Add(new FoldPair(fold, x.Accuracy, y.Accuracy, y.Accuracy - x.Accuracy));
        }
        var ratio = foldsA.Concat(foldsB).Average(f => (double)f.TestItems / f.FitItems);
        return new PairedComparison(a, b, foldsA.Average(f => f.Accuracy), foldsB.Average(f => f.Accuracy), pairs,
            PairedFoldTest.Of([.. pairs.Select(p => p.Difference)], ratio));
    }

    private static string List(IEnumerable<int> folds) => string.Join(", ", folds.Select(f => f.ToString(CultureInfo.InvariantCulture)));
}
