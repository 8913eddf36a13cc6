using Microsoft.Extensions.Options;

namespace FeedPublisher.Inbox;

/// <summary>The inbox and its processed/failed folders as absolute paths, and which file names the inbox takes.</summary>
public sealed class InboxFolders
{
    private static readonly string[] ArticleExtensions = [".md", ".markdown", ".txt"];
    private static readonly string[] PartialUploadSuffixes = [".tmp", ".part", ".swp", "~", ".crdownload"];

    public InboxFolders(IOptions<InboxOptions> options, IHostEnvironment environment)
    {
        Inbox = Path.GetFullPath(options.Value.Path, environment.ContentRootPath);
        Processed = Path.GetFullPath(options.Value.ProcessedPath, environment.ContentRootPath);
        Failed = Path.GetFullPath(options.Value.FailedPath, environment.ContentRootPath);
    }

    public string Inbox { get; }
    public string Processed { get; }
    public string Failed { get; }

    public void EnsureExist()
    {
        Directory.CreateDirectory(Inbox);
        Directory.CreateDirectory(Processed);
        Directory.CreateDirectory(Failed);
    }

    /// <summary>Article files only: no dotfiles, partial uploads, error notes copied back, or other extensions.</summary>
    public static bool IsArticleFileName(string fileName) =>
        fileName.Length > 0
        && fileName[0] != '.'
        && !PartialUploadSuffixes.Any(s => fileName.EndsWith(s, StringComparison.OrdinalIgnoreCase))
        && !fileName.EndsWith(InboxFileMover.ErrorSidecarSuffix, StringComparison.OrdinalIgnoreCase)
        && ArticleExtensions.Any(e => fileName.EndsWith(e, StringComparison.OrdinalIgnoreCase));
}
