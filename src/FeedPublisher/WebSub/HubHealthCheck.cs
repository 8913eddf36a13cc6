using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FeedPublisher.WebSub;

/// <summary>
/// "hubs" in /healthz: degraded (still 200) while a hub refuses or misses its pings; feeds are served and regenerated
/// all the same, readers of that hub just learn of changes when they next poll.
/// </summary>
public sealed class HubHealthCheck(HubLinks links, HubStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var states = status.All;
        var data = new Dictionary<string, object>
        {
            ["configured"] = links.Hubs.Select(h => h.AbsoluteUri).ToArray(),
            ["failing"] = states.Where(s => s.FailuresInARow > 0).Select(s => s.Hub).ToArray(),
        };
        foreach (var state in states)
        {
            data[$"{state.Hub} lastAccepted"] = (object?)state.LastAccepted ?? "never";
            if (state.FailuresInARow > 0)
                data[$"{state.Hub} lastError"] = state.LastError ?? "";
        }
        var failing = states.Where(s => s.FailuresInARow > 0).ToList();
        return Task.FromResult(failing.Count == 0
            ? HealthCheckResult.Healthy(data: data)
            : HealthCheckResult.Degraded($"{failing.Count} hub(s) refuse pings: {string.Join("; ", failing.Select(f => $"{f.Hub}: {f.LastError}"))}", data: data));
    }
}
