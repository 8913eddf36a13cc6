namespace FeedPublisher.Articles;

/// <summary>Cuts plain text at a word boundary near a length, marking the cut with an ellipsis.</summary>
public static class SummaryMaker
{
    public const int TargetLength = 280;

    public static string Cut(string text, int targetLength = TargetLength)
    {
        if (text.Length <= targetLength)
            return text;
        var cut = text.LastIndexOf(' ', targetLength);
        if (cut < targetLength / 2)
            cut = targetLength;
        return text[..cut].TrimEnd(' ', ',', ';', ':', '-', '—', '–') + "…";
    }
}
