using System.CommandLine;
using FeedPublisher.Articles;
using FeedPublisher.Inbox;
using FeedPublisher.Site;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Commands;

/// <summary><c>check FILE...</c>: parses as the inbox would and stores nothing; prints what would be published, or why not.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "Article files (or folders of them) to check.", Arity = ArgumentArity.OneOrMore };
        var json = FeedPublisherCommands.JsonOption();
        var command = new Command("check", "Parse article files and print what would be published, or each file's problem with its line; stores nothing.")
        {
            files, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var host = await CommandHost.OpenAsync(FeedPublisherCommands.Settings(parse, files), cancellationToken);
            return Run(host, ArticleFiles.Expand(FeedPublisherCommands.Values(parse, files)), parse.GetValue(json));
        });
        return command;
    }

    private static int Run(CommandHost host, IReadOnlyList<string> paths, bool json)
    {
        var parser = host.Get<ArticleParser>();
        var site = host.Get<IOptions<SiteOptions>>().Value;
        var urls = host.Get<SiteUrls>();
        var now = host.Get<TimeProvider>().GetUtcNow();
        var maxBytes = host.Get<IOptions<InboxOptions>>().Value.MaxFileBytes;
        var zone = site.TimeZoneInfo;
        var results = new List<object>();
        var failed = 0;
        foreach (var path in paths)
        {
            var (article, problem) = ArticleFiles.Parse(parser, path, maxBytes);
            if (article is null)
            {
                failed++;
                if (json)
                    results.Add(new { file = path, ok = false, error = problem });
                else
                    CommandOutput.Error($"{path}: {problem}");
                continue;
            }
            var warnings = ArticleFiles.Warnings(article, now);
            if (json)
            {
                results.Add(new
                {
                    file = path, ok = true, id = article.Id, slug = article.Slug, guid = article.Guid, title = article.Title,
                    url = urls.ArticleUri(article.Slug).AbsoluteUri, authors = article.Authors, tags = article.Tags,
                    published = article.Published, updated = article.Updated, draft = article.IsDraft, summary = article.Summary,
                    image = article.ImageUrl, imageAlt = article.ImageAlt, warnings,
                });
                continue;
            }
            Console.Out.WriteLine($"{path}: ok");
            Console.Out.WriteLine($"  title:     {article.Title}");
            Console.Out.WriteLine($"  authors:   {(article.Authors.Count > 0 ? Byline.Format(article.Authors) : "(none)")}");
            Console.Out.WriteLine($"  published: {(article.Published is { } published ? CommandOutput.Date(published, zone) : "(when stored)")}");
            if (article.Updated is { } updated && updated != article.Published)
                Console.Out.WriteLine($"  updated:   {CommandOutput.Date(updated, zone)}");
            Console.Out.WriteLine($"  id:        {article.Id}");
            Console.Out.WriteLine($"  slug:      {article.Slug} ({urls.ArticleUri(article.Slug).AbsoluteUri})");
            Console.Out.WriteLine($"  tags:      {(article.Tags.Count > 0 ? string.Join(", ", article.Tags) : "(none)")}");
            Console.Out.WriteLine($"  summary:   {article.Summary}");
            if (article.ImageUrl is { } image)
                Console.Out.WriteLine($"  image:     {image}{(article.ImageAlt is { } alt ? $" ({alt})" : "")}");
            foreach (var warning in warnings)
                Console.Out.WriteLine($"  warning:   {warning}");
        }
        if (json)
            CommandOutput.WriteJson(results);
        return failed > 0 ? ExitCodes.InputProblem : ExitCodes.Success;
    }
}
