using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FeedPublisher.Feeds;

/// <summary>
/// JSON Feed 1.1 (https://jsonfeed.org/version/1.1): the same entries, ids, dates and content as the XML feeds. Written
/// with Utf8JsonWriter in a fixed member order, so the same document always gives the same bytes.
/// </summary>
public sealed class JsonFeedFormat : IFeedFormat
{
    public const string Version = "https://jsonfeed.org/version/1.1";

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // The document is served as application/feed+json and never placed inside HTML or a script, so the HTML in
        // content_html need not be escaped as \u003C…; JSON's own escaping (quotes, controls) still applies.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string FileName => "feed.json";

    public bool CarriesArchives => false;

    // JSON is UTF-8 by definition (RFC 8259 §8.1), and the media type has no charset parameter.
    public string ContentType => "application/feed+json";

    public byte[] Write(FeedDocument document, Uri selfUri)
    {
        using var buffer = FeedBuffers.Rent("feed-json");
        using (var json = new Utf8JsonWriter((System.Buffers.IBufferWriter<byte>)buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString(JsonFeedNames.Version, Version);
            json.WriteString(JsonFeedNames.Title, document.Title);
            json.WriteString(JsonFeedNames.HomePageUrl, document.SiteLink.AbsoluteUri);
            json.WriteString(JsonFeedNames.FeedUrl, selfUri.AbsoluteUri);
            json.WriteString(JsonFeedNames.Description, document.Description);
            json.WriteString(JsonFeedNames.Language, document.Language);
            // The site speaks for entries without a byline, as in Atom.
            WriteAuthors(json, [document.Publisher ?? document.Title], document.PublisherLink ?? document.SiteLink);
            if (document.Hubs.Count > 0)
            {
                json.WriteStartArray(JsonFeedNames.Hubs);
                foreach (var hub in document.Hubs)
                {
                    json.WriteStartObject();
                    json.WriteString(JsonFeedNames.Type, "WebSub");
                    json.WriteString(JsonFeedNames.Url, hub.AbsoluteUri);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteStartArray(JsonFeedNames.Items);
            foreach (var entry in document.Entries)
                WriteItem(json, entry);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return FeedBuffers.ToExactArray(buffer);
    }

    private static void WriteItem(Utf8JsonWriter json, FeedEntry entry)
    {
        json.WriteStartObject();
        json.WriteString(JsonFeedNames.Id, entry.Id);
        json.WriteString(JsonFeedNames.Url, entry.Link.AbsoluteUri);
        json.WriteString(JsonFeedNames.Title, entry.Title);
        // JSON Feed asks for content_html or content_text: a summary-only feed gives the summary as its text.
        if (entry.ContentHtml.Length > 0)
            json.WriteString(JsonFeedNames.ContentHtml, entry.ContentHtml);
        else
            json.WriteString(JsonFeedNames.ContentText, entry.Summary);
        if (entry.Summary.Length > 0)
            json.WriteString(JsonFeedNames.Summary, entry.Summary);
        if (entry.Image is { } image)
            json.WriteString(JsonFeedNames.Image, image.AbsoluteUri);
        json.WriteString(JsonFeedNames.DatePublished, Rfc3339(entry.Published));
        json.WriteString(JsonFeedNames.DateModified, Rfc3339(entry.Updated));
        if (entry.Authors.Count > 0)
            WriteAuthors(json, entry.Authors, url: null);
        if (entry.Tags.Count > 0)
        {
            json.WriteStartArray(JsonFeedNames.Tags);
            foreach (var tag in entry.Tags)
                json.WriteStringValue(tag);
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static void WriteAuthors(Utf8JsonWriter json, IReadOnlyList<string> names, Uri? url)
    {
        json.WriteStartArray(JsonFeedNames.Authors);
        foreach (var name in names)
        {
            json.WriteStartObject();
            json.WriteString(JsonFeedNames.Name, name);
            if (url is not null)
                json.WriteString(JsonFeedNames.Url, url.AbsoluteUri);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>RFC 3339 in UTC to the second, as the XML feeds give it.</summary>
    private static string Rfc3339(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>JSON Feed 1.1's member names, in one place.</summary>
internal static class JsonFeedNames
{
    public const string Version = "version";
    public const string Title = "title";
    public const string HomePageUrl = "home_page_url";
    public const string FeedUrl = "feed_url";
    public const string Description = "description";
    public const string Language = "language";
    public const string Authors = "authors";
    public const string Name = "name";
    public const string Url = "url";
    public const string Items = "items";
    public const string Id = "id";
    public const string ContentHtml = "content_html";
    public const string ContentText = "content_text";
    public const string Image = "image";
    public const string Summary = "summary";
    public const string DatePublished = "date_published";
    public const string DateModified = "date_modified";
    public const string Tags = "tags";
    public const string Hubs = "hubs";
    public const string Type = "type";
}
