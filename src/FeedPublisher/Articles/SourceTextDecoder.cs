using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace FeedPublisher.Articles;

/// <summary>
/// Turns a file's bytes into text a feed can carry: honours UTF-8/UTF-16 byte-order marks, insists on valid UTF-8
/// otherwise, refuses binary files, normalizes line ends to LF and removes characters XML 1.0 cannot hold.
/// </summary>
public static class SourceTextDecoder
{
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
            throw new ArticleParseException("the file is empty. An article needs at least a '# Title' line and some text.");

        string text;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]) || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
            throw new ArticleParseException("the file is UTF-32 encoded. Save it as UTF-8.");
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            text = DecodeStrict(new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), bytes[2..], "UTF-16");
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            text = DecodeStrict(new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), bytes[2..], "UTF-16");
        else
        {
            if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                bytes = bytes[3..];
            text = DecodeUtf8(bytes);
        }

        var nul = text.IndexOf('\0');
        if (nul >= 0)
            throw new ArticleParseException(
                "the file contains NUL bytes, so it is binary or UTF-16 text without a byte-order mark. Save it as UTF-8 text.",
                LineOf(text, nul));

        return XmlText.RemoveIllegalCharacters(NormalizeLineEnds(text));
    }

    private static string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        var buffer = ArrayPool<char>.Shared.Rent(bytes.Length);
        try
        {
            var status = Utf8.ToUtf16(bytes, buffer, out var read, out var written, replaceInvalidSequences: false);
            if (status == OperationStatus.Done)
                return new string(buffer, 0, written);
            var line = bytes[..read].Count((byte)'\n') + 1;
            throw new ArticleParseException(
                $"the file is not valid UTF-8 (byte 0x{bytes[read]:X2} at offset {read}). Save it as UTF-8; files from older Windows tools are often Windows-1252.",
                line);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static string DecodeStrict(Encoding encoding, ReadOnlySpan<byte> bytes, string name)
    {
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ArticleParseException($"the file says it is {name} but holds invalid {name} data. Save it again as UTF-8.", null, ex);
        }
    }

    private static string NormalizeLineEnds(string text) =>
        text.Contains('\r') ? text.Replace("\r\n", "\n").Replace('\r', '\n') : text;

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;
}
