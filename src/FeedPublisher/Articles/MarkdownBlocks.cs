using System.Text;

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
        var blocks = new List<MarkdownBlock>();
        var current = new StringBuilder();
        var currentStart = 0;
        var inFence = false;
        var lineNumber = firstLine - 1;
        foreach (var rawLine in markdown.Split('\n'))
        {
            lineNumber++;
            var trimmed = rawLine.TrimStart();
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
                inFence = !inFence;
            if (!inFence && rawLine.Trim().Length == 0)
            {
                Flush();
                continue;
            }
            if (current.Length == 0)
                currentStart = lineNumber;
            else
                current.Append('\n');
            current.Append(rawLine);
        }
        Flush();
        return blocks;

        void Flush()
        {
            if (current.Length == 0)
                return;
            blocks.Add(new MarkdownBlock(current.ToString(), currentStart));
            current.Clear();
        }
    }

    public static string Join(IEnumerable<MarkdownBlock> blocks) => string.Join("\n\n", blocks.Select(b => b.Text));
}
