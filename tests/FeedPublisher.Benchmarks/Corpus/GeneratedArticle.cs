using System.Globalization;

namespace FeedPublisher.Benchmarks.Corpus;

/// <summary>One made-up article, writable in the site's export layout and as a Hugo page.</summary>
/// <param name="Body">Markdown paragraphs separated by blank lines, some of them split mid-sentence.</param>
internal sealed record GeneratedArticle(string Id, string Title, IReadOnlyList<string> Authors, DateOnly Date, string Body)
{
    public string FileName => Id + ".txt";

    public string Byline => Authors.Count == 1 ? Authors[0] : string.Join(" and ", Authors);

    /// <summary>The export layout of the sample: title heading, byline with a Markdown hard break, date line, body.</summary>
    public string ToExportText(string? dateLine = null) =>
        $"\n\n# {Title}\n\n{Byline}  \n{dateLine ?? Date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}\n\n{Body}\n";

    /// <summary>The same article for Hugo: YAML front matter with title, date and author, then the same body.</summary>
    public string ToHugoMarkdown() =>
        $"---\ntitle: \"{Title}\"\ndate: {Date:yyyy-MM-dd}\nauthor: \"{Byline}\"\n---\n\n{Body}\n";
}
