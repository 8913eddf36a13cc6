using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.IO.Hashing;
using System.Text;

namespace FeedPublisher.Tests.Support;

/// <summary>
/// HTTP as a feed reader sees it: a client that never decompresses, the ETag rule the service promises, and raw
/// request targets for paths HttpClient would tidy up before sending.
/// </summary>
public static class FeedHttp
{
    public static HttpClient CreateClient(Uri baseAddress) =>
        new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    public static HttpRequestMessage Get(string path, string? acceptEncoding = null, string? ifNoneMatch = null, string? ifModifiedSince = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        if (ifNoneMatch is not null)
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        if (ifModifiedSince is not null)
            request.Headers.TryAddWithoutValidation("If-Modified-Since", ifModifiedSince);
        return request;
    }

    /// <summary>A header exactly as sent (response or content header), or null; repeated fields joined with ", ".</summary>
    /// <summary>True when <paramref name="path"/> answers 200 with a body that contains <paramref name="text"/>; for waits.</summary>
    public static bool Serves(HttpClient client, string path, string text)
    {
        using var response = client.Send(Get(path));
        return response.IsSuccessStatusCode && response.Content.ReadAsStringAsync().GetAwaiter().GetResult().Contains(text);
    }

    public static string? Header(HttpResponseMessage response, string name)
    {
        if (response.Headers.NonValidated.TryGetValues(name, out var values)
            || response.Content.Headers.NonValidated.TryGetValues(name, out values))
            return string.Join(", ", values);
        return null;
    }

    /// <summary>The strong ETag the service derives from a feed's identity bytes, with the suffix of its content coding.</summary>
    public static string ETagOf(byte[] identityBody, string? contentEncoding = null)
    {
        var tag = Convert.ToHexStringLower(XxHash128.Hash(identityBody));
        var suffix = contentEncoding switch
        {
            null => "",
            "gzip" => "-gz",
            "br" => "-br",
            _ => throw new ArgumentOutOfRangeException(nameof(contentEncoding), contentEncoding, "not a coding the service uses"),
        };
        return $"\"{tag}{suffix}\"";
    }

    /// <summary>Undoes a Content-Encoding with the framework's own decoders, independent of how the service encoded it.</summary>
    public static byte[] Decode(byte[] body, string? contentEncoding)
    {
        if (contentEncoding is null)
            return body;
        using var input = new MemoryStream(body);
        using Stream decoder = contentEncoding switch
        {
            "gzip" => new GZipStream(input, CompressionMode.Decompress),
            "br" => new BrotliStream(input, CompressionMode.Decompress),
            _ => throw new ArgumentOutOfRangeException(nameof(contentEncoding), contentEncoding, "not a coding the service uses"),
        };
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Sends one request with the target exactly as given, over a plain socket, and reads the whole answer.</summary>
    public static async Task<RawResponse> SendRawAsync(Uri baseAddress, string method, string target, string extraHeaders = "")
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port, timeout.Token);
        var stream = tcp.GetStream();
        var request = $"{method} {target} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nConnection: close\r\n{extraHeaders}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, timeout.Token);
        return RawResponse.Parse(received.ToArray());
    }
}

/// <summary>A response read off the wire: status, header lines and the bytes after them, unparsed further.</summary>
public sealed record RawResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public static RawResponse Parse(byte[] bytes)
    {
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
            throw new InvalidDataException($"No end of headers in {bytes.Length} bytes: {Encoding.ASCII.GetString(bytes)}");
        var lines = Encoding.ASCII.GetString(bytes, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .Select(parts => KeyValuePair.Create(parts[0].Trim(), parts[1].Trim()))
            .ToList();
        return new RawResponse(status, headers, bytes[(end + 4)..]);
    }
}
