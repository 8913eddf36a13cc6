namespace FeedPublisher.Commands;

/// <summary>An expected failure of a command: its message goes to stderr as it is, with its exit code, and no stack trace.</summary>
public sealed class CommandFailure(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
