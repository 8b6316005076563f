using BrainTumor.Protocol.Supervision;
using BrainTumor.Reports.Document;

namespace BrainTumor.Reports.Building;

/// <summary>The accuracy-by-depth table from the folds' stages: every depth any fold trained, every fold a column (a failed stage has no accuracy to show).</summary>
public static class DepthTables
{
    public static DepthTable Of(string policyText, BackboneFacts backbone, IReadOnlyList<FoldReport> folds)
    {
        var policy = SupervisorPolicies.Parse(policyText, backbone.BodyBlockCount);
        var deepest = folds.Max(f => f.Stages.Count) - 1;
        var rows = Enumerable.Range(0, deepest + 1).Select(depth =>
        {
            var cells = folds.Select(f => new DepthCell(
                f.Fold,
                f.Stages.FirstOrDefault(s => s.Depth == depth && s.Failure is null)?.BestValidationAccuracy,
                f.Depth == depth,
                f.Depth == depth ? f.Accuracy : null)).ToList();
            double? mean = cells.All(c => c.ValidationAccuracy is not null) ? cells.Average(c => c.ValidationAccuracy!.Value) : null;
            return new DepthRow(depth, backbone.TrainedAt(depth), cells, mean);
        }).ToList();
        return new DepthTable(policy.Text, folds.All(f => f.Stages.Count == policy.MaxDepth + 1), [.. folds.Select(f => f.Fold)], rows);
    }
}
