using System.Text.Encodings.Web;
using System.Text.Json;

namespace BrainTumor.Client.Commands;

/// <summary>How every command writes results and errors: JSON on stdout for --json, plain text
/// otherwise, errors as one line on stderr with the exit code <see cref="OperatorErrors"/> gives.</summary>
internal static class CliOutput
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>Runs a command body, turning any error into one line on stderr and its exit code.</summary>
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e)
        {
            return OperatorErrors.Report(e);
        }
    }
}
