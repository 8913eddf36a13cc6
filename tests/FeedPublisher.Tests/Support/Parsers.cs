using FeedPublisher.Articles;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FeedPublisher.Tests.Support;

/// <summary>The real parser with the shipped options (trailer patterns, base URL) and a pinned clock.</summary>
public static class Parsers
{
    public static readonly DateTimeOffset PinnedNow = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static ArticleParser Create(string? timeZone = null, TimeProvider? time = null)
    {
        var site = ShippedSettings.Site();
        if (timeZone is not null)
            site.TimeZone = timeZone;
        return new ArticleParser(Options.Create(site), Options.Create(ShippedSettings.Articles()), new ArticleHtmlRenderer(),
            time ?? new FakeTimeProvider(PinnedNow));
    }

    public static Article ParseFixture(string name, string? timeZone = null) =>
        Create(timeZone).Parse(name, TestFiles.FixtureBytes(name));

    public static Article ParseText(string fileName, string text, string? timeZone = null) =>
        Create(timeZone).Parse(fileName, System.Text.Encoding.UTF8.GetBytes(text));
}
