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

    /// <summary>
    /// Articles per RFC 5005 archive page, at most <see cref="ItemCount"/> (<see cref="PageSize"/>); an article's page
    /// follows from its permanent place.
    /// </summary>
    public int ArchivePageSize { get; set; } = 100;

    /// <summary>
    /// The archive page size in force: never more than the item count, so the articles not yet on a complete page are
    /// no more than a subscription document holds anyway, and the site's feeds stay the size the item count says.
    /// </summary>
    public int PageSize => Math.Min(ArchivePageSize, ItemCount);

    /// <summary>How many days a retracted article's tombstone (RFC 6721) stays in the Atom feeds it was in; 0 for none.</summary>
    public int TombstoneDays { get; set; } = 30;

    /// <summary>Whether feed items carry the article's full text or only its summary.</summary>
    public FeedContent Content { get; set; } = FeedContent.Full;

    /// <summary>WebSub hubs every subscription feed advertises and is announced to when its bytes change; none by default.</summary>
    public List<string> Hubs { get; set; } = [];

    /// <summary>How long changes are gathered before the hubs are told, so a burst of articles gives a few pings, not one each.</summary>
    public TimeSpan HubPingDelay { get; set; } = TimeSpan.FromSeconds(2);

    public PollInterval PollInterval => new(MaxAgeSeconds);

    public IReadOnlyList<Uri> HubUris => [.. Hubs.Select(hub => new Uri(hub, UriKind.Absolute))];
}

public enum FeedContent
{
    /// <summary>The whole article in every item, as readers expect.</summary>
    Full,

    /// <summary>Title, summary and link only, for publishers who want readers on their pages.</summary>
    Summary,
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
        if (options.ArchivePageSize is < 10 or > MaxItemCount)
            failures.Add($"Feeds:ArchivePageSize is {options.ArchivePageSize}; it must be between 10 and {MaxItemCount}.");
        if (options.TombstoneDays is < 0 or > 3650)
            failures.Add($"Feeds:TombstoneDays is {options.TombstoneDays}; it must be between 0 and 3650.");
        if (!Enum.IsDefined(options.Content))
            failures.Add($"Feeds:Content is {options.Content}; it must be Full or Summary.");
        if (PollInterval.Problem(options.MaxAgeSeconds) is { } interval)
            failures.Add(interval);
        foreach (var hub in options.Hubs)
        {
            if (!Uri.TryCreate(hub, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                failures.Add($"Feeds:Hubs has '{hub}'; a hub is an absolute http or https URL, such as https://pubsubhubbub.appspot.com/.");
        }
        if (options.HubPingDelay < TimeSpan.Zero || options.HubPingDelay > TimeSpan.FromMinutes(5))
            failures.Add($"Feeds:HubPingDelay is {options.HubPingDelay}; it must be between 00:00:00 and 00:05:00.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
