using System.CommandLine;
using FeedPublisher.Articles;
using FeedPublisher.Site;
using FeedPublisher.Storage;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Commands;

/// <summary><c>show ID</c>: one stored article's fields and the versions it replaced.</summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = "The article's id (its front matter id, or the one given from its file name)." };
        var json = FeedPublisherCommands.JsonOption();
        var command = new Command("show", "Show a stored article: its fields and its earlier revisions.") { id, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var host = await CommandHost.OpenAsync([.. parse.UnmatchedTokens], cancellationToken);
            var store = host.Get<IArticleStore>();
            var articleId = parse.GetValue(id)!;
            var article = await store.FindByIdAsync(articleId, cancellationToken)
                ?? throw new CommandFailure(ExitCodes.InputProblem, $"no article with id '{articleId}' is stored (see list)");
            var revisions = await store.GetRevisionsAsync(articleId, cancellationToken);
            var url = host.Get<SiteUrls>().ArticleUri(article.Slug).AbsoluteUri;
            var state = ListCommand.StateOf(article);
            if (parse.GetValue(json))
            {
                CommandOutput.WriteJson(new
                {
                    id = article.Id, guid = article.Guid, slug = article.Slug, url, state, title = article.Title, authors = article.Authors,
                    tags = article.Tags, published = article.Published, updated = article.Updated, revision = article.Revision,
                    summary = article.Summary, image = article.ImageUrl, imageAlt = article.ImageAlt,
                    retraction = article.Retraction is { } r ? new { at = r.At, reason = r.Reason, by = r.By } : null,
                    revisions = revisions.Select(r => new { revision = r.Revision, title = r.Title, updated = r.Updated, storedAt = r.StoredAt }),
                });
                return ExitCodes.Success;
            }
            var zone = host.Get<IOptions<SiteOptions>>().Value.TimeZoneInfo;
            Console.Out.WriteLine($"id:        {article.Id}");
            Console.Out.WriteLine($"state:     {state}");
            Console.Out.WriteLine($"title:     {article.Title}");
            Console.Out.WriteLine($"authors:   {(article.Authors.Count > 0 ? Byline.Format(article.Authors) : "(none)")}");
            Console.Out.WriteLine($"published: {CommandOutput.Date(article.Published, zone)}");
            Console.Out.WriteLine($"updated:   {CommandOutput.Date(article.Updated, zone)}");
            Console.Out.WriteLine($"tags:      {(article.Tags.Count > 0 ? string.Join(", ", article.Tags) : "(none)")}");
            Console.Out.WriteLine($"url:       {url}");
            Console.Out.WriteLine($"guid:      {article.Guid}");
            Console.Out.WriteLine($"revision:  {article.Revision}");
            if (article.Retraction is { } retraction)
                Console.Out.WriteLine($"retracted: {CommandOutput.Date(retraction.At, zone)}{(retraction.By is { } who ? $" by {who}" : "")}" +
                    $"{(retraction.Reason is { } why ? $": {why}" : "")}");
            foreach (var revision in revisions)
                Console.Out.WriteLine($"  revision {revision.Revision}: \"{revision.Title}\", dated {CommandOutput.Date(revision.Updated, zone)}, stored {CommandOutput.Date(revision.StoredAt, zone)}");
            return ExitCodes.Success;
        });
        return command;
    }
}
