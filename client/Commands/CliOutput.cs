using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace BrainTumor.Client.Commands;

/// <summary>How every command writes results and errors: JSON on stdout for --json, plain text
/// otherwise, errors on stderr with exit code 1; 130 when Ctrl+C or SIGTERM ended the command.</summary>
internal static class CliOutput
{
    public const int Success = 0;
    public const int Failure = 1;

    /// <summary>Ended by Ctrl+C or SIGTERM (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>Runs a command body, turning the errors a user can cause into one line on stderr.</summary>
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException or InvalidOperationException or OptionsValidationException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return Failure;
        }
    }
}
