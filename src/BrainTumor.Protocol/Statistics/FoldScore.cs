using System.Security.Cryptography;
using System.Text;

namespace BrainTumor.Protocol.Statistics;

/// <summary>
/// One fold's test accuracy with what a paired comparison needs to know of it: how many slices the tested
/// model trained on and was tested on, and a digest of which slices it was tested on.
/// </summary>
/// <param name="FitItems">The slices the tested model trained on: the training part, and the validation part too when the experiment refits.</param>
/// <param name="TestDigest">See <see cref="DigestOf"/>; two folds with the same digest tested the same slices of the same dataset.</param>
public sealed record FoldScore(int Fold, double Accuracy, int FitItems, int TestItems, string TestDigest)
{
    /// <summary>SHA-256 (hex) of the dataset's item digest and the fold's test item ids, sorted: the order the plan lists them in does not matter.</summary>
    public static string DigestOf(string itemsDigest, IEnumerable<string> testIds)
    {
        ArgumentNullException.ThrowIfNull(testIds);
        var text = string.Join('\n', new[] { itemsDigest }.Concat(testIds.Order(StringComparer.Ordinal)));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
