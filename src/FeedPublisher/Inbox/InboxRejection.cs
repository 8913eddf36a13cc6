namespace FeedPublisher.Inbox;

/// <summary>Why an inbox file cannot be published, and what the person who dropped it should do: the error note's text.</summary>
public sealed record InboxRejection(string Problem, string Fix)
{
    private const string FixTheArticle =
        "correct the file and drop it into the inbox again. An article needs a '# Title' line (or 'title:' in YAML front "
        + "matter between '---' lines), optionally a byline and a date line, then its text, saved as UTF-8.";

    /// <summary>A file that was read but is not an article the parser accepts.</summary>
    public static InboxRejection BadArticle(string problem) => new(problem, FixTheArticle);

    /// <summary>Something in the inbox that is not a regular file: it is never opened for reading.</summary>
    public static InboxRejection NotAPlainFile(string fileName, OpenedInboxEntry entry) => entry.Kind switch
    {
        InboxEntryKind.LinkLoop => new(
            $"'{fileName}' is a symbolic link that loops (or goes through too many links){Target(entry)}.",
            "replace the link with the article file itself, or point it straight at a regular file."),
        InboxEntryKind.SymbolicLink => new(
            $"'{fileName}' is a symbolic link{Target(entry)}, and links in the inbox are not followed (Inbox:FollowSymlinks is false): "
            + "otherwise anyone who can write into the inbox could publish any file the service can read.",
            "copy or move the article file itself into the inbox. To publish through links, set Inbox:FollowSymlinks to true."),
        InboxEntryKind.DanglingLink => new(
            $"'{fileName}' is a symbolic link{Target(entry)} to something that does not exist.",
            "copy or move the article file itself into the inbox, or make the link point at an existing file."),
        _ => new(
            $"'{fileName}' is {Describe(entry.Kind)}, not a regular file; FeedPublisher reads only regular files from the inbox.",
            "remove it from the inbox and put the article there as an ordinary file."),
    };

    private static string Target(OpenedInboxEntry entry) => entry.Detail is { } target ? $" (to '{target}')" : "";

    private static string Describe(InboxEntryKind kind) => kind switch
    {
        InboxEntryKind.Directory => "a directory",
        InboxEntryKind.NamedPipe => "a named pipe (FIFO)",
        InboxEntryKind.Socket => "a socket",
        InboxEntryKind.CharacterDevice => "a character device",
        InboxEntryKind.BlockDevice => "a block device",
        _ => "a special file",
    };
}
