using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BrainTumor.Contracts;
using BrainTumor.Protocol.Statistics;
using static BrainTumor.Client.Commands.ExperimentText;

namespace BrainTumor.Client.Commands;

/// <summary>
/// <c>experiment compare A B</c>: two completed experiments on the same folds, fold by fold, with the paired
/// difference's 95% interval and the Nadeau-Bengio corrected resampled t-test (<see cref="PairedComparison"/>).
/// Refused, naming the fold, when the two did not test the same slices.
/// </summary>
internal static class ExperimentCompare
{
    public static Command Create()
    {
        var a = new Argument<string>("a") { Description = "The experiment compared against (A)." };
        var b = new Argument<string>("b") { Description = "The experiment compared with it (B); differences are B - A." };
        var json = new Option<bool>("--json") { Description = "Print the comparison as JSON (folds, mean_a, mean_b, test)." };
        var command = new Command("compare",
            "Compare two completed experiments on the same folds: test accuracy per fold, B - A with its 95% interval, and the corrected resampled t-test.") { a, b, json };
        command.SetAction(parse => CliAsync.Run(async session =>
        {
            var (idA, idB) = (parse.GetValue(a)!, parse.GetValue(b)!);
            var reportA = await session.Grains.GetGrain<IExperimentGrain>(idA).GetReport();
            var reportB = await session.Grains.GetGrain<IExperimentGrain>(idB).GetReport();
            var comparison = PairedComparison.Of(idA, [.. reportA.Folds.Select(f => f.Score())], idB, [.. reportB.Folds.Select(f => f.Score())]);
            if (parse.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(comparison, ExperimentCommands.Json));
            else
                Write(comparison);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Write(PairedComparison c)
    {
        var test = c.Test;
        Console.WriteLine(F($"A = {c.A}, B = {c.B}: test accuracy on the same {test.Folds} folds"));
        Console.WriteLine();
        Console.WriteLine("  fold         A         B     B - A");
        foreach (var f in c.Folds)
            Console.WriteLine(F($"  {f.Fold,4}  {f.A,8:P2}  {f.B,8:P2}  {Points(f.Difference),8}"));
        Console.WriteLine(F($"  mean  {c.MeanA,8:P2}  {c.MeanB,8:P2}  {Points(test.MeanDifference),8}"));
        Console.WriteLine();
        var t = test.T is { } value ? F($"t = {value:F3}") : "t infinite (every fold moved by the same amount)";
        Console.WriteLine(F($"B - A: {Points(test.MeanDifference)} points, {test.Level * 100:0.#}% interval {Points(test.Lower)} to {Points(test.Upper)}; ") +
                          F($"corrected resampled t-test (Nadeau and Bengio 2003, n_test/n_train {test.TestTrainRatio:F3}): {t}, {test.DegreesOfFreedom} df, p = {test.PValue:F4}"));
    }

    /// <summary>A difference of accuracies in percentage points, signed.</summary>
    private static string Points(double difference) => (difference * 100).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);
}
