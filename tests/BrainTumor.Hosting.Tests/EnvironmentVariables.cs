namespace BrainTumor.Hosting.Tests;

/// <summary>Sets process environment variables for a test and, when disposed, gives each the value it had before (unset if it had none).</summary>
internal sealed class EnvironmentVariables : IDisposable
{
    private readonly (string Name, string? Prior)[] _prior;

    public EnvironmentVariables(params (string Name, string? Value)[] variables)
    {
        _prior = [.. variables.Select(v => (v.Name, Environment.GetEnvironmentVariable(v.Name)))];
        foreach (var (name, value) in variables)
            Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose()
    {
        foreach (var (name, prior) in _prior)
            Environment.SetEnvironmentVariable(name, prior);
    }
}
