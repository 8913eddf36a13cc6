using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace FeedPublisher.Benchmarks.Processes;

/// <summary>
/// Polls one served feed the way a feed reader does, with If-None-Match, so an unchanged feed costs a 304. Asks for the
/// identity body, which the service keeps ready like the compressed ones.
/// </summary>
internal sealed class FeedPoller(HttpClient http, string path)
{
    private EntityTagHeaderValue? _etag;

    /// <returns>The new body when the feed changed since the last poll; null when it answered 304.</returns>
    public async Task<byte[]?> PollAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (_etag is not null)
            request.Headers.IfNoneMatch.Add(_etag);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotModified)
            return null;
        response.EnsureSuccessStatusCode();
        _etag = response.Headers.ETag;
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>Whether a feed body lists the article: its Atom entry id ends with "articles/{id}".</summary>
    public static bool Contains(byte[] atomFeed, string articleId) =>
        atomFeed.AsSpan().IndexOf(Encoding.UTF8.GetBytes($":articles/{articleId}</id>")) >= 0;
}
