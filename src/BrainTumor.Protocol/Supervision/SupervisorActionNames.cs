namespace BrainTumor.Protocol.Supervision;

/// <summary>The words for a <see cref="SupervisorAction"/>, the same its JSON uses (<c>deeper</c>, <c>stop</c>), for logs, events, metrics and views.</summary>
public static class SupervisorActionNames
{
    public const string Deeper = "deeper";

    public const string Stop = "stop";

    public static string Name(this SupervisorAction action) => action switch
    {
        SupervisorAction.Deeper => Deeper,
        SupervisorAction.Stop => Stop,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, $"expected {Deeper} or {Stop}"),
    };
}
