using System.CommandLine;
using FeedPublisher.Site;
using FeedPublisher.Storage;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Commands;

/// <summary><c>list [--tag T] [--author A] [--limit N]</c>: the published articles, newest first.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var tag = new Option<string?>("--tag") { Description = "Only articles with this tag (its name, as in the files)." };
        var author = new Option<string?>("--author") { Description = "Only articles by this author (the name, as in the byline)." };
        var limit = new Option<int>("--limit") { Description = "How many, newest first.", DefaultValueFactory = _ => 20 };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 10_000)
                result.AddError("--limit must be between 1 and 10000");
        });
        var retracted = new Option<bool>("--include-retracted") { Description = "Retracted articles too, marked as such." };
        var json = FeedPublisherCommands.JsonOption();
        var command = new Command("list", "List the published articles, newest first.") { tag, author, limit, retracted, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var host = await CommandHost.OpenAsync([.. parse.UnmatchedTokens], cancellationToken);
            var scope = parse.GetValue(tag) is { } t ? ArticleScope.Tag(t) : parse.GetValue(author) is { } a ? ArticleScope.Author(a) : ArticleScope.Site;
            var store = host.Get<IArticleStore>();
            var articles = parse.GetValue(retracted)
                ? await store.GetNewestWithRetractedAsync(scope, parse.GetValue(limit), cancellationToken)
                : await store.GetNewestPublishedAsync(scope, 0, parse.GetValue(limit), cancellationToken);
            // Held until their date: listed first, the soonest first, whatever the filter (they are few).
            var held = await store.GetHeldAsync(parse.GetValue(limit), cancellationToken);
            if (scope.Kind != ArticleScopeKind.Site)
                held = [.. held.Where(a => scope.Kind == ArticleScopeKind.Tag ? a.Tags.Contains(scope.Name) : a.Authors.Contains(scope.Name))];
            articles = [.. held, .. articles];
            var urls = host.Get<SiteUrls>();
            if (parse.GetValue(json))
            {
                CommandOutput.WriteJson(articles.Select(article => new
                {
                    id = article.Id, slug = article.Slug, title = article.Title, url = urls.ArticleUri(article.Slug).AbsoluteUri,
                    authors = article.Authors, tags = article.Tags, published = article.Published, updated = article.Updated,
                    revision = article.Revision, state = StateOf(article),
                    retractedAt = article.Retraction?.At, scheduledFor = article.ScheduledFor,
                }));
                return ExitCodes.Success;
            }
            var zone = host.Get<IOptions<SiteOptions>>().Value.TimeZoneInfo;
            foreach (var article in articles)
                Console.Out.WriteLine($"{CommandOutput.Date(article.Published, zone)}  {article.Id}  {article.Title}{(StateOf(article) is "published" ? "" : $"  [{StateOf(article)}]")}");
            return ExitCodes.Success;
        });
        return command;
    }

    public static string StateOf(StoredArticle article) =>
        article.Retraction is not null ? "retracted" : article.ScheduledFor is not null ? "scheduled" : article.IsDraft ? "draft" : "published";
}
