using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FeedPublisher.Cluster;

/// <summary>
/// Which stored generation of the feeds this instance serves, and whether it hears of new ones: without notifications
/// it still serves its last feeds (degraded); the database check says why.
/// </summary>
internal sealed class ClusterHealthCheck(ClusterFeedLoader loader) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["servedGeneration"] = loader.LoadedGeneration,
            ["listening"] = loader.Listening,
        };
        return Task.FromResult(loader.Listening
            ? HealthCheckResult.Healthy("serving the cluster's feeds and hearing of new ones", data)
            : HealthCheckResult.Degraded("not hearing of new feeds from the database; the last ones stay served", data: data));
    }
}
