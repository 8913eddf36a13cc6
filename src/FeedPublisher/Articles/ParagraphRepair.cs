namespace FeedPublisher.Articles;

/// <summary>
/// Scraped articles break paragraphs mid-sentence. A plain paragraph that does not end a sentence, followed by one
/// that starts in lower case, is one paragraph split in two; this joins them again.
/// </summary>
public static class ParagraphRepair
{
    private const string ClosingMarks = "\"'”’»)]*_";
    private const string SentenceEnds = ".!?…:;";

    public static List<MarkdownBlock> JoinSplitParagraphs(IReadOnlyList<MarkdownBlock> blocks)
    {
        var result = new List<MarkdownBlock>(blocks.Count);
        foreach (var block in blocks)
        {
            if (result.Count > 0 && IsSplitBetween(result[^1], block))
                result[^1] = result[^1] with { Text = result[^1].Text.TrimEnd() + " " + block.Text.TrimStart() };
            else
                result.Add(block);
        }
        return result;
    }

    private static bool IsSplitBetween(MarkdownBlock before, MarkdownBlock after) =>
        before.IsPlainParagraph && after.IsPlainParagraph && !EndsSentence(before.Text) && char.IsLower(after.Text.TrimStart()[0]);

    public static bool EndsSentence(string text)
    {
        var end = text.TrimEnd().TrimEnd(ClosingMarks.ToCharArray());
        return end.Length > 0 && SentenceEnds.Contains(end[^1]);
    }
}
