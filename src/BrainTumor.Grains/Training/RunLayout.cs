using BrainTumor.Protocol.Runs;

namespace BrainTumor.Grains.Training;

/// <summary>
/// The run folder's files as the grains address them, by the run's path: <see cref="RunFolder"/>
/// names every file; this adds the JSON reading the grains share (Learning's job runner writes them).
/// </summary>
public static class RunLayout
{
    public static string Spec(string run) => new RunFolder(run).Spec;

    public static string Events(string run) => new RunFolder(run).Events;

    public static string Plan(string run) => new RunFolder(run).Plan;

    public static string Report(string run) => new RunFolder(run).Report;

    public static string FoldFolder(string run, int fold) => new RunFolder(run).Fold(fold);

    public static string Checkpoint(string run, int fold, int depth) => new RunFolder(run).Checkpoint(fold, depth);

    public static string Weights(string run, int fold, int depth) => new RunFolder(run).Weights(fold, depth);

    public static string StageResult(string run, int fold, int depth) => new RunFolder(run).StageResult(fold, depth);

    public static string RefitCheckpoint(string run, int fold, int depth) => new RunFolder(run).RefitCheckpoint(fold, depth);

    public static string RefitWeights(string run, int fold, int depth) => new RunFolder(run).RefitWeights(fold, depth);

    public static string RefitResult(string run, int fold, int depth) => new RunFolder(run).RefitResult(fold, depth);

    public static string TestResult(string run, int fold) => new RunFolder(run).TestResult(fold);

    /// <summary>A record of the run folder (<see cref="RunRecords"/>): <paramref name="expected"/> says what it holds.</summary>
    public static T ReadJson<T>(string path, string expected) => RunRecords.Read<T>(path, expected);
}
