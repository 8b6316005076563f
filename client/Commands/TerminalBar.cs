namespace BrainTumor.Client.Commands;

/// <summary>
/// The one progress bar a command may have open on the terminal, redrawn in place with <c>\r</c>:
/// anything else written while it is open (an event line, a warning on stderr) first ends its line,
/// so that no message is glued to the bar.
/// </summary>
internal static class TerminalBar
{
    private static readonly Lock Gate = new();
    private static bool _open;

    public static void Draw(string text)
    {
        lock (Gate)
        {
            Console.Write($"\r{text}");
            _open = true;
        }
    }

    /// <summary>Ends the open bar's line, if a bar is open.</summary>
    public static void Close()
    {
        lock (Gate)
        {
            if (!_open)
                return;
            Console.WriteLine();
            _open = false;
        }
    }
}
