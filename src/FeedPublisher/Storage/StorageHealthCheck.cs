using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FeedPublisher.Storage;

/// <summary>The database answers a query that reads its schema; without it nothing can be published: unhealthy.</summary>
internal sealed class StorageHealthCheck(IArticleStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var reachable = await store.PingAsync(cancellationToken);
        var data = new Dictionary<string, object> { ["reachable"] = reachable };
        return reachable
            ? HealthCheckResult.Healthy("the database answers", data)
            : HealthCheckResult.Unhealthy("the database does not answer", data: data);
    }
}
