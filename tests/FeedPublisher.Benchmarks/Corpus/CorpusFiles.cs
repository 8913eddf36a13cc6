using System.Text;

namespace FeedPublisher.Benchmarks.Corpus;

/// <summary>The generated corpus on disk: export files for the inbox, and the same articles as a Hugo site.</summary>
internal static class CorpusFiles
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static IReadOnlyList<GeneratedArticle> Generate(ArticleGenerator generator, int count) =>
        Enumerable.Range(0, count).Select(generator.Generate).ToArray();

    public static void WriteExports(string folder, IEnumerable<GeneratedArticle> articles)
    {
        Directory.CreateDirectory(folder);
        foreach (var article in articles)
            File.WriteAllText(Path.Combine(folder, article.FileName), article.ToExportText(), Utf8);
    }

    /// <summary>Copies the checked-in site skeleton (configs, RSS layout) and writes content/posts/*.md.</summary>
    public static void WriteHugoSite(string siteFolder, string skeletonFolder, IEnumerable<GeneratedArticle> articles)
    {
        foreach (var source in Directory.EnumerateFiles(skeletonFolder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(siteFolder, Path.GetRelativePath(skeletonFolder, source));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target, overwrite: true);
        }
        var posts = Path.Combine(siteFolder, "content", "posts");
        Directory.CreateDirectory(posts);
        foreach (var article in articles)
            File.WriteAllText(Path.Combine(posts, article.Id + ".md"), article.ToHugoMarkdown(), Utf8);
    }
}
