using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FeedPublisher.Inbox;

/// <summary>The inbox's backlog and watcher; a folder it cannot read, or names it cannot open, make it degraded.</summary>
internal sealed class InboxHealthCheck(InboxStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var unreadable = status.UnreadableNames;
        var data = new Dictionary<string, object?>
        {
            ["backlog"] = status.Backlog,
            ["watching"] = status.Watching,
            ["hasTurn"] = status.HasTurn,
            ["watchedByAnotherInstance"] = status.WatchedElsewhere,
            ["lastError"] = status.LastError,
            ["unreadableNames"] = unreadable,
        };
        var problem = status.LastError
            ?? (unreadable.Count > 0 ? $"{unreadable.Count} file name(s) in the inbox are not valid UTF-8 and cannot be read" : null);
        return Task.FromResult(problem is null
            ? HealthCheckResult.Healthy(status.WatchedElsewhere ? "another instance reads the shared inbox; this one stands by" : "the inbox is being read", data!)
            : HealthCheckResult.Degraded(problem, data: data!));
    }
}
