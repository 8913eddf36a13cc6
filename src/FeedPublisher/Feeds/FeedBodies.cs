using System.IO.Compression;
using System.IO.Hashing;

namespace FeedPublisher.Feeds;

/// <summary>A feed's bytes as served: the hash its ETags derive from, and its gzip and Brotli forms.</summary>
public static class FeedBodies
{
    /// <summary>The identity body's 128-bit hash in hex: its ETag is this quoted, the compressed ones add -gz / -br.</summary>
    public static string TagOf(ReadOnlySpan<byte> identity) => Convert.ToHexStringLower(XxHash128.Hash(identity));

    public static string ETag(string tag, string? contentEncoding) => contentEncoding switch
    {
        "gzip" => $"\"{tag}-gz\"",
        "br" => $"\"{tag}-br\"",
        _ => $"\"{tag}\"",
    };

    public static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var stream = new GZipStream(buffer, CompressionLevel.Optimal))
            stream.Write(bytes);
        return buffer.ToArray();
    }

    /// <summary>
    /// Quality 6: within a few percent of the smallest output for feed-sized XML at a hundredth of quality 11's time,
    /// which matters because compression sits between an ingest and the served feed.
    /// </summary>
    public static byte[] Brotli(byte[] bytes)
    {
        const int quality = 6, window = 22;
        var output = new byte[BrotliEncoder.GetMaxCompressedLength(bytes.Length)];
        if (!BrotliEncoder.TryCompress(bytes, output, out var written, quality, window))
            throw new InvalidOperationException("feeds: Brotli compression of a feed did not fit its maximum size");
        return output.AsSpan(0, written).ToArray();
    }
}
