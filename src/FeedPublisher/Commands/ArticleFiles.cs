using FeedPublisher.Articles;
using FeedPublisher.Inbox;

namespace FeedPublisher.Commands;

/// <summary>The article files named on a command line: files as they are, folders by their article files, in name order.</summary>
internal static class ArticleFiles
{
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        if (!paths.Any())
            throw new CommandFailure(ExitCodes.Usage, "name at least one article file or folder");
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path).Where(f => InboxFolders.IsArticleFileName(Path.GetFileName(f))).Order(StringComparer.Ordinal));
            else if (File.Exists(path))
                files.Add(path);
            else
                throw new CommandFailure(ExitCodes.InputProblem, $"{path}: no such file or folder");
        }
        return files;
    }

    /// <summary>The file parsed as the inbox would parse it; the problem, with its line, when it cannot be published.</summary>
    public static (Article? Article, string? Problem) Parse(ArticleParser parser, string path, long maxBytes)
    {
        try
        {
            var length = new FileInfo(path).Length;
            if (length > maxBytes)
                return (null, $"the file is {length:N0} bytes; the limit is {maxBytes:N0} (Inbox:MaxFileBytes)");
            return (parser.Parse(Path.GetFileName(path), File.ReadAllBytes(path)), null);
        }
        catch (ArticleParseException ex)
        {
            return (null, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot be read: {ex.Message}");
        }
    }

    /// <summary>What a publisher may want to know before publishing, though nothing stops it.</summary>
    public static IReadOnlyList<string> Warnings(Article article, DateTimeOffset now)
    {
        var warnings = new List<string>();
        if (article.IsDraft)
            warnings.Add("a draft: stored, but in no feed");
        if (article.Published is null)
            warnings.Add("no date: the time it is stored becomes its date");
        else if (article.Published > now)
            warnings.Add("dated in the future: it is held, in no feed, until then, and published at that moment");
        if (article.Authors.Count == 0)
            warnings.Add("no byline: the site is named as its author");
        if (article.ImageUrl is not null && string.IsNullOrWhiteSpace(article.ImageAlt))
            warnings.Add("a featured image without image_alt: readers of screen readers get no description");
        return warnings;
    }
}
