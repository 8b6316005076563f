namespace BrainTumor.Hosting;

/// <summary>The one shape of a configuration error: the file, the full key, and what was expected.</summary>
public static class ConfigurationError
{
    public static string Message(string key, string message) => $"{BrainTumorConfiguration.FileName}, {key}: {message}";

    public static InvalidOperationException For(string key, string message) => new(Message(key, message));
}
