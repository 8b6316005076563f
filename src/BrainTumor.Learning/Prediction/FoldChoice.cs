using System.Text.Json.Serialization;

namespace BrainTumor.Learning.Prediction;

/// <summary>
/// The part of a fold's <c>test.json</c> prediction needs: which depth (stage) the fold chose, and
/// so which <c>stage-K.pt</c> holds its final weights. The file may hold more (the test evaluation).
/// </summary>
public sealed record FoldChoice(
    [property: JsonPropertyName("fold"), JsonRequired] int Fold,
    [property: JsonPropertyName("depth"), JsonRequired] int Depth)
{
    private const string Expected = "a fold's test.json with \"fold\" and \"depth\" (the chosen stage)";

    public static FoldChoice Read(string path, int fold)
    {
        var choice = RunJson.Read<FoldChoice>(path, Expected);
        if (choice.Fold != fold)
            throw new InvalidDataException($"{path}: \"fold\" is {choice.Fold}; expected {fold} (the folder it is in)");
        if (choice.Depth < 0)
            throw new InvalidDataException($"{path}: \"depth\" is {choice.Depth}; expected 0 or more");
        return choice;
    }

    public void Write(string path) => RunJson.Write(path, this);
}
