namespace FeedPublisher.Articles;

/// <summary>
/// The site export's layout without front matter: a '# Title' heading, then a byline block (authors and a date line),
/// then the body. Every part is optional here; the parser decides what is required.
/// </summary>
public sealed record ExportLayout(
    string? Title, int TitleLine, IReadOnlyList<string> Authors, DateTimeOffset? Date, IReadOnlyList<MarkdownBlock> BodyBlocks)
{
    private const int MaxBylineLines = 4;

    public static ExportLayout Read(List<MarkdownBlock> blocks, TimeZoneInfo zone, bool expectTitle)
    {
        var index = 0;
        string? title = null;
        var titleLine = blocks.Count > 0 ? blocks[0].FirstLine : 1;
        if (blocks.Count > 0 && IsTitleHeading(blocks[0].Text))
        {
            var lines = blocks[0].Text.Split('\n');
            title = lines[0].TrimStart('#').Trim().TrimEnd('#').Trim();
            // A heading counts as the title only where the front matter gives none; otherwise it repeats it.
            if (!expectTitle)
                title = null;
            if (lines.Length > 1)
                blocks[0] = new MarkdownBlock(string.Join('\n', lines[1..]), blocks[0].FirstLine + 1);
            else
                index = 1;
        }
        else if (expectTitle)
        {
            return new ExportLayout(null, titleLine, [], null, blocks);
        }

        var authors = new List<string>();
        DateTimeOffset? date = null;
        if (index < blocks.Count && TryReadByline(blocks[index], zone, authors, ref date))
        {
            index++;
            if (date is null && index < blocks.Count && !blocks[index].Text.Contains('\n')
                && ArticleDateParser.TryParse(Undecorate(blocks[index].Text), zone, out var nextDate))
            {
                date = nextDate;
                index++;
            }
        }

        return new ExportLayout(title, titleLine, authors, date, blocks[index..]);
    }

    private static bool IsTitleHeading(string text) => text.StartsWith("# ", StringComparison.Ordinal) || text == "#";

    private static bool TryReadByline(MarkdownBlock block, TimeZoneInfo zone, List<string> authors, ref DateTimeOffset? date)
    {
        var lines = block.Text.Split('\n');
        if (lines.Length > MaxBylineLines)
            return false;
        var found = new List<string>();
        DateTimeOffset? foundDate = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = Undecorate(lines[i]);
            bool isDate;
            try
            {
                isDate = ArticleDateParser.TryParse(line, zone, out var parsed);
                if (isDate)
                    foundDate ??= parsed;
            }
            catch (ArticleParseException ex)
            {
                throw new ArticleParseException(ex.Problem, block.FirstLine + i);
            }
            if (isDate)
                continue;
            if (!BylineReader.LooksLikeByline(line))
                return false;
            found.AddRange(BylineReader.ReadAuthors(line));
        }
        authors.AddRange(found);
        date = foundDate;
        return true;
    }

    /// <summary>Drops Markdown hard-break markers and emphasis wrapped around a whole byline or date line.</summary>
    private static string Undecorate(string line) => line.Trim().TrimEnd('\\').Trim().Trim('*', '_').Trim();
}
