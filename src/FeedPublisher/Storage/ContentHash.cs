using System.Buffers;
using System.IO.Hashing;
using System.Text;
using FeedPublisher.Articles;

namespace FeedPublisher.Storage;

/// <summary>Tells whether an article's stored fields changed between two ingests.</summary>
internal static class ContentHash
{
    /// <summary>
    /// What makes two ingests "the same content": every stored field the file decides. A change detector, not a
    /// security check (whoever can write to the inbox can publish anyway), so a fast non-cryptographic 128-bit hash,
    /// fed field by field without building one big string.
    /// </summary>
    public static string Of(Article article)
    {
        var hash = new XxHash128();
        Append(hash, article.Title);
        foreach (var author in article.Authors)
            Append(hash, author, '\u001E');
        Append(hash, "");
        Append(hash, article.Published?.UtcTicks.ToString() ?? "");
        Append(hash, article.Updated?.UtcTicks.ToString() ?? "");
        Append(hash, article.Summary);
        Append(hash, article.ContentHtml);
        foreach (var tag in article.Tags)
            Append(hash, tag, '\u001E');
        Append(hash, "");
        Append(hash, article.IsDraft ? "draft" : "published");
        // Likewise only when asked: a file that asks for its retraction differs from the one that did not, and the same
        // file dropped again after a restore is unchanged and does not retract it again.
        if (article.Retracted)
            Append(hash, $"retracted\u001D{article.RetractionReason}", '\u001D');
        // Only when there is one, so the hash of an article without an image is what it was before images existed,
        // and re-dropping it after an upgrade changes nothing.
        if (article.ImageUrl is not null)
        {
            Append(hash, article.ImageUrl, '\u001D');
            Append(hash, article.ImageAlt ?? "", '\u001D');
        }
        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    /// <summary>The field's UTF-8 bytes, then a separator, so ("ab", "c") and ("a", "bc") hash differently.</summary>
    private static void Append(XxHash128 hash, string field, char separator = '\u001F')
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(field.Length + 1));
        try
        {
            var length = Encoding.UTF8.GetBytes(field, buffer);
            length += Encoding.UTF8.GetBytes([separator], buffer.AsSpan(length));
            hash.Append(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
