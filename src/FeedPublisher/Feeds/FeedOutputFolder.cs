using Microsoft.Extensions.Options;

namespace FeedPublisher.Feeds;

/// <summary>The folder feeds are written to, resolved against the content root and created if missing.</summary>
public sealed class FeedOutputFolder
{
    public FeedOutputFolder(IOptions<FeedsOptions> options, IHostEnvironment environment)
    {
        FullPath = Path.GetFullPath(options.Value.OutputPath, environment.ContentRootPath);
    }

    public string FullPath { get; }

    public string PathOf(string fileName)
    {
        Directory.CreateDirectory(FullPath);
        return Path.Combine(FullPath, fileName);
    }
}
