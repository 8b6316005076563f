using BrainTumor.Learning.Backbones;
using BrainTumor.Protocol.Supervision;
using BrainTumor.Reports.Document;

namespace BrainTumor.Reports.Building;

/// <summary>The accuracy-by-depth table from the folds' stages: every depth any fold trained, every fold a column (a failed stage has no accuracy to show).</summary>
public static class DepthTables
{
    public static DepthTable Of(string policyText, BlockMap blocks, IReadOnlyList<FoldReport> folds)
    {
        var policy = SupervisorPolicies.Parse(policyText, blocks.BodyBlockCount);
        var deepest = folds.Max(f => f.Stages.Count) - 1;
        var rows = Enumerable.Range(0, deepest + 1).Select(depth =>
        {
            var cells = folds.Select(f => new DepthCell(
                f.Fold,
                f.Stages.FirstOrDefault(s => s.Depth == depth && s.Failure is null)?.BestValidationAccuracy,
                f.Depth == depth,
                f.Depth == depth ? f.Accuracy : null)).ToList();
            double? mean = cells.All(c => c.ValidationAccuracy is not null) ? cells.Average(c => c.ValidationAccuracy!.Value) : null;
            return new DepthRow(depth, [.. blocks.TrainedAt(depth).Select(b => b.Name)], cells, mean);
        }).ToList();
        return new DepthTable(policy.Text, folds.All(f => f.Stages.Count == policy.MaxDepth + 1), [.. folds.Select(f => f.Fold)], rows);
    }
}
