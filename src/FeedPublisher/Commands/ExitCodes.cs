namespace FeedPublisher.Commands;

/// <summary>What a command's exit code tells a script (README, "The command line").</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A bad file, an unknown id: the input, not the tool.</summary>
    public const int InputProblem = 1;

    /// <summary>A command line or a configuration the tool cannot run with.</summary>
    public const int Usage = 2;

    /// <summary>The database could not be opened, read or written.</summary>
    public const int StorageUnavailable = 3;

    /// <summary>Stopped (Ctrl+C, SIGTERM) before it finished, as shells report an interrupted program.</summary>
    public const int Interrupted = 130;
}
