using Microsoft.Extensions.Options;

namespace FeedPublisher.Feeds;

/// <summary>The folder feeds are written to, resolved against the content root and created if missing.</summary>
public sealed class FeedOutputFolder(IOptions<FeedsOptions> options, IHostEnvironment environment, ILogger<FeedOutputFolder> logger)
{
    public string FullPath { get; } = Path.GetFullPath(options.Value.OutputPath, environment.ContentRootPath);

    /// <param name="relativePath">A file name, or a path below the folder such as <c>tags/transport/rss.xml</c>.</param>
    public string PathOf(string relativePath)
    {
        var path = Path.Combine(FullPath, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>Removes temp files a killed process left behind mid-write; a finished write never leaves one.</summary>
    public void RemoveAbandonedTempFiles()
    {
        if (!Directory.Exists(FullPath))
            return;
        foreach (var temp in Directory.EnumerateFiles(FullPath, "." + "*" + AtomicFileWriter.TempSuffix, SearchOption.AllDirectories))
        {
            try
            {
                File.Delete(temp);
                logger.LogInformation("Removed {TempFile}, left behind by an interrupted feed write", Path.GetFileName(temp));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("Could not remove {TempFile}: {Reason}", temp, ex.Message);
            }
        }
    }
}
