using System.IO.Hashing;
using System.Text;

namespace FeedPublisher.Inbox;

/// <summary>
/// Builds file names that fit the file system's limit on one name (255 bytes on Linux file systems), so a long inbox
/// name can still get a numbered twin or an error note beside it.
/// </summary>
public static class FileNameFit
{
    public const int MaxNameBytes = 255;

    /// <summary>
    /// <paramref name="stem"/> + <paramref name="suffix"/>; when that is too long, the stem is cut (on a character
    /// boundary) and ends in a short hash of the whole stem, so different long names still get different results.
    /// </summary>
    public static string Fit(string stem, string suffix)
    {
        if (Encoding.UTF8.GetByteCount(stem) + Encoding.UTF8.GetByteCount(suffix) <= MaxNameBytes)
            return stem + suffix;
        var marker = "~" + Convert.ToHexStringLower(XxHash32.Hash(Encoding.UTF8.GetBytes(stem)));
        var budget = MaxNameBytes - Encoding.UTF8.GetByteCount(suffix) - marker.Length;
        return CutToBytes(stem, Math.Max(0, budget)) + marker + suffix;
    }

    private static string CutToBytes(string text, int maxBytes)
    {
        var used = 0;
        var end = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > maxBytes)
                break;
            used += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }
        return text[..end];
    }
}
