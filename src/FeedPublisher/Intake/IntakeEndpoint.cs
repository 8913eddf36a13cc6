using System.Data.Common;
using FeedPublisher.Articles;
using FeedPublisher.Feeds;
using FeedPublisher.Inbox;
using FeedPublisher.Scheduling;
using FeedPublisher.Site;
using FeedPublisher.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Intake;

/// <summary>
/// <c>POST /api/articles</c>: a CMS pushes an article file instead of copying it into the inbox. The body is the file's
/// bytes, <c>X-File-Name</c> its name (the identity hint a name in the inbox is), <c>Authorization: Bearer</c> one of
/// <c>Intake:Tokens</c>. It goes through the inbox's parser and store: the database decides, by id and content, so a
/// repeat changes nothing. 201 for a new article, 200 for an update or a repeat, 422 with the text a failed/ note
/// would carry, 413 over <c>Inbox:MaxFileBytes</c>. Without tokens the endpoint does not exist.
/// </summary>
internal static class IntakeEndpoint
{
    public const string Path = "/api/articles";
    public const string FileNameHeader = "X-File-Name";
    private static readonly TimeSpan StorageRetryAfter = TimeSpan.FromSeconds(5);

    public static void MapIntake(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<IntakeOptions>>().Value.Enabled)
            endpoints.MapPost(Path, PostAsync);
    }

    private sealed class IntakeLog;

    private static async Task<IResult> PostAsync(
        HttpContext context, IntakeTokens tokens, ArticleParser parser, IArticleStore store, FeedRegenerationRequests regeneration,
        IOptions<InboxOptions> inbox, SiteUrls urls, TimeProvider time, Metrics.FeedPublisherMetrics metrics, ILogger<IntakeLog> logger)
    {
        var cancellationToken = context.RequestAborted;
        var maxBytes = inbox.Value.MaxFileBytes;
        // Kestrel takes no request bodies (feeds are polled with GETs); this endpoint takes one of up to the limit. Set
        // before any answer, so that a refused request's body can be read off the connection and the answer arrive.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes;
        if (!tokens.Accepts(context.Request.Headers.Authorization))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Problem(StatusCodes.Status401Unauthorized, "Not authorized",
                "Send one of the tokens in Intake:Tokens as 'Authorization: Bearer <token>'.");
        }
        var fileName = context.Request.Headers[FileNameHeader].ToString();
        if (!IsPlainFileName(fileName))
            return Problem(StatusCodes.Status400BadRequest, "No file name",
                $"Send the article file's name in {FileNameHeader}, as it would be named in the inbox (such as 'budget-vote.md'; .md or .txt, no folders).");

        var tooLarge = $"the file is larger than the limit of {maxBytes:N0} bytes (Inbox:MaxFileBytes). Split it or raise the limit.";
        if (context.Request.ContentLength > maxBytes)
        {
            metrics.Ingested("http", 0, 0, 0, failed: 1);
            return Rejected(StatusCodes.Status413PayloadTooLarge, fileName, InboxRejection.BadArticle(tooLarge));
        }
        byte[] bytes;
        try
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, cancellationToken);
            bytes = body.ToArray();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            metrics.Ingested("http", 0, 0, 0, failed: 1);
            return Rejected(StatusCodes.Status413PayloadTooLarge, fileName, InboxRejection.BadArticle(tooLarge));
        }

        Article article;
        try
        {
            article = parser.Parse(fileName, bytes);
        }
        catch (ArticleParseException ex)
        {
            logger.LogWarning("Rejected {File} sent over HTTP: {Problem}", fileName, ex.Message);
            metrics.Ingested("http", 0, 0, 0, failed: 1);
            return Rejected(StatusCodes.Status422UnprocessableEntity, fileName, InboxRejection.BadArticle(ex.Message));
        }

        UpsertResults stored;
        try
        {
            stored = await store.UpsertAsync([article], time.GetUtcNow(), cancellationToken);
        }
        catch (Exception ex) when (ex is StorageException or DbException)
        {
            logger.LogWarning("Could not store {File} sent over HTTP: {Reason}", fileName, ex.Message);
            context.Response.Headers.RetryAfter = ((int)StorageRetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problem(StatusCodes.Status503ServiceUnavailable, "The database is not available", "Nothing was stored; send the file again shortly.");
        }
        var outcome = stored[0];
        metrics.Ingested("http", outcome == UpsertOutcome.Inserted ? 1 : 0, outcome == UpsertOutcome.Updated ? 1 : 0, outcome == UpsertOutcome.Unchanged ? 1 : 0, 0);
        // Stored: what follows happens even if the client has gone, or the article would wait for the schedule.
        if (outcome != UpsertOutcome.Unchanged)
            await regeneration.RequestAsync(new FeedChanges(stored.TouchedTags, stored.TouchedAuthors) { Positions = stored.TouchedPositions }, CancellationToken.None);
        StoredArticle? saved = null;
        try
        {
            saved = await store.FindByIdAsync(article.Id, CancellationToken.None);
        }
        catch (Exception ex) when (ex is StorageException or DbException)
        {
            logger.LogWarning("Stored article {ArticleId} but could not read it back: {Reason}", article.Id, ex.Message);
        }
        var page = saved is null ? null : urls.ArticleUri(saved.Slug).AbsoluteUri;
        logger.LogInformation("Stored article {ArticleId} sent over HTTP as {File}: {Outcome}", article.Id, fileName, outcome);
        var result = new
        {
            id = article.Id,
            slug = saved?.Slug,
            url = page,
            outcome = outcome switch { UpsertOutcome.Inserted => "created", UpsertOutcome.Updated => "updated", _ => "unchanged" },
            state = saved switch { { Retraction: not null } => "retracted", { ScheduledFor: not null } => "scheduled", { IsDraft: true } => "draft", _ => "published" },
        };
        return outcome == UpsertOutcome.Inserted ? Results.Created(page, result) : Results.Ok(result);
    }

    private static bool IsPlainFileName(string name) =>
        name.Length is > 0 and <= 255 && name.IndexOfAny(['/', '\\']) < 0 && !name.Any(char.IsControl) && InboxFolders.IsArticleFileName(name);

    /// <summary>What the failed/ note would say, as a problem document.</summary>
    private static IResult Rejected(int status, string fileName, InboxRejection rejection) =>
        Results.Problem(statusCode: status, title: $"FeedPublisher could not publish '{fileName}'", detail: rejection.Problem,
            extensions: new Dictionary<string, object?> { ["fix"] = rejection.Fix });

    private static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);
}
