using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FeedPublisher.Feeds;

/// <summary>The last regeneration; a failing one keeps the last good feeds served, so it is degraded, not unhealthy.</summary>
internal sealed class FeedsHealthCheck(FeedRegenerator regenerator) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var error = regenerator.LastError;
        var data = new Dictionary<string, object?>
        {
            ["lastRegeneration"] = regenerator.LastRegeneratedAt,
            ["lastError"] = error,
        };
        return Task.FromResult(error is null
            ? HealthCheckResult.Healthy("the feeds are current", data!)
            : HealthCheckResult.Degraded(error, data: data!));
    }
}
