using Microsoft.Extensions.Options;

namespace FeedPublisher.Feeds;

/// <summary>Bound to the <c>Feeds</c> section.</summary>
public sealed class FeedsOptions
{
    public const string Section = "Feeds";

    public string OutputPath { get; set; } = "feeds";
    public int ItemCount { get; set; } = 50;

    /// <summary>How long pollers and proxies may cache a feed (Cache-Control max-age).</summary>
    public int MaxAgeSeconds { get; set; } = 300;
}

internal sealed class FeedsOptionsValidator : IValidateOptions<FeedsOptions>
{
    public const int MaxItemCount = 1000;

    public ValidateOptionsResult Validate(string? name, FeedsOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.OutputPath))
            failures.Add("Feeds:OutputPath must name a folder, such as 'feeds'.");
        if (options.ItemCount is < 1 or > MaxItemCount)
            failures.Add($"Feeds:ItemCount is {options.ItemCount}; it must be between 1 and {MaxItemCount}.");
        if (options.MaxAgeSeconds is < 0 or > 86400)
            failures.Add($"Feeds:MaxAgeSeconds is {options.MaxAgeSeconds}; it must be between 0 and 86400.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
