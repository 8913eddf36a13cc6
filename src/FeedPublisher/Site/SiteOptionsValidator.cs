using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Site;

internal sealed partial class SiteOptionsValidator : IValidateOptions<SiteOptions>
{
    public ValidateOptionsResult Validate(string? name, SiteOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Title))
            failures.Add("Site:Title must not be empty; it is the feed's title.");
        if (string.IsNullOrWhiteSpace(options.Description))
            failures.Add("Site:Description must not be empty; RSS requires a channel description.");
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUri)
            || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(baseUri.Query) || !string.IsNullOrEmpty(baseUri.Fragment))
            failures.Add($"Site:BaseUrl '{options.BaseUrl}' must be an absolute http:// or https:// URL without query or fragment, such as https://news.example.com/.");
        if (!LanguageTag().IsMatch(options.Language ?? ""))
            failures.Add($"Site:Language '{options.Language}' must be a language tag such as 'en' or 'en-GB'.");
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            failures.Add($"Site:TimeZone '{options.TimeZone}' is not a known IANA time zone id, such as 'UTC' or 'Europe/Berlin'.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguageTag();
}
