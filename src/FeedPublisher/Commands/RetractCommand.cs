using System.CommandLine;
using FeedPublisher.Storage;

namespace FeedPublisher.Commands;

/// <summary>
/// <c>retract ID [--reason TEXT] [--by NAME]</c> and <c>restore ID</c>: take an article back from every feed (RFC 6721,
/// with a tombstone in its Atom feeds and 410 for its page), or republish it in its old place. Nothing is deleted.
/// </summary>
internal static class RetractCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = "The article's id (see list)." };
        var reason = new Option<string?>("--reason") { Description = "Why, for readers: shown on its page and in the tombstone (at:comment)." };
        var by = new Option<string?>("--by") { Description = "Who retracts it (at:by in the tombstone)." };
        var json = FeedPublisherCommands.JsonOption();
        var command = new Command("retract", "Take an article back from every feed; its page answers 410 Gone. It stays stored.") { id, reason, by, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var host = await CommandHost.OpenAsync([.. parse.UnmatchedTokens], cancellationToken);
            var articleId = parse.GetValue(id)!;
            var at = host.Get<TimeProvider>().GetUtcNow();
            var result = await host.Get<IArticleStore>().RetractAsync(articleId,
                new Retraction(at, Blank(parse.GetValue(reason)), Blank(parse.GetValue(by))), how: "command line", cancellationToken);
            return Report(result, articleId, "retracted", at, parse.GetValue(json));
        });
        return command;
    }

    public static Command CreateRestore()
    {
        var id = new Argument<string>("ID") { Description = "The retracted article's id (see list --include-retracted)." };
        var json = FeedPublisherCommands.JsonOption();
        var command = new Command("restore", "Republish a retracted article in its old place, updated after its retraction.") { id, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var host = await CommandHost.OpenAsync([.. parse.UnmatchedTokens], cancellationToken);
            var articleId = parse.GetValue(id)!;
            var at = host.Get<TimeProvider>().GetUtcNow();
            var result = await host.Get<IArticleStore>().RestoreAsync(articleId, at, cancellationToken);
            return Report(result, articleId, "restored", at, parse.GetValue(json));
        });
        return command;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static int Report(UpsertResults? result, string id, string done, DateTimeOffset at, bool json)
    {
        if (result is null)
            throw new CommandFailure(ExitCodes.InputProblem, $"no article with id '{id}' is stored (see list)");
        var changed = result.Count > 0 && result[0] == UpsertOutcome.Updated;
        if (json)
            CommandOutput.WriteJson(new { id, result = changed ? done : "unchanged", at });
        else
            Console.Out.WriteLine(changed
                ? $"{id}: {done}; a running server updates its feeds within a couple of seconds (without one: rebuild)"
                : $"{id}: already {(done == "retracted" ? "retracted" : "published")}, nothing changed");
        return ExitCodes.Success;
    }
}
