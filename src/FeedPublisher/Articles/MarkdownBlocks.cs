namespace FeedPublisher.Articles;

/// <summary>A run of non-blank lines, with the file line it starts on.</summary>
public sealed record MarkdownBlock(string Text, int FirstLine)
{
    /// <summary>
    /// A plain paragraph: not a heading, quote, list, table, code or HTML block. Only these may have been split by scraping.
    /// </summary>
    public bool IsPlainParagraph
    {
        get
        {
            var t = Text;
            if (t.Length == 0 || t.StartsWith("    ", StringComparison.Ordinal) || t[0] == '\t')
                return false;
            if (t[0] is '#' or '>' or '|' or '<' or '`' or '~' or '=')
                return false;
            if (t.Length > 1 && t[0] is '-' or '*' or '+' && t[1] is ' ' or '\t')
                return false;
            var digits = 0;
            while (digits < t.Length && char.IsAsciiDigit(t[digits]))
                digits++;
            return !(digits > 0 && digits < t.Length && t[digits] is '.' or ')');
        }
    }
}

/// <summary>Splits Markdown into blank-line separated blocks, keeping fenced code blocks whole.</summary>
public static class MarkdownBlocks
{
    public static List<MarkdownBlock> Split(string markdown, int firstLine)
    {
        // A block's lines are consecutive in the source, so its text is one substring: no per-line copies.
        var blocks = new List<MarkdownBlock>();
        var inFence = false;
        var lineNumber = firstLine - 1;
        int blockStart = -1, blockEnd = 0, blockFirstLine = 0;
        var position = 0;
        while (true)
        {
            var newline = markdown.IndexOf('\n', position);
            var end = newline < 0 ? markdown.Length : newline;
            var line = markdown.AsSpan(position, end - position);
            lineNumber++;
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
                inFence = !inFence;
            if (!inFence && line.IsWhiteSpace())
            {
                Flush();
            }
            else
            {
                if (blockStart < 0)
                    (blockStart, blockFirstLine) = (position, lineNumber);
                blockEnd = end;
            }
            if (newline < 0)
                break;
            position = newline + 1;
        }
        Flush();
        return blocks;

        void Flush()
        {
            if (blockStart < 0)
                return;
            blocks.Add(new MarkdownBlock(markdown[blockStart..blockEnd], blockFirstLine));
            blockStart = -1;
        }
    }

    public static string Join(IEnumerable<MarkdownBlock> blocks) => string.Join("\n\n", blocks.Select(b => b.Text));
}
