using System.Net;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Polling;

/// <summary>Bound to the <c>Polling</c> section: limits for clients that fetch the full feed again and again.</summary>
public sealed class PollingOptions
{
    public const string Section = "Polling";

    /// <summary>Whether full fetches beyond the limit are answered 429; the accounting for /status goes on either way.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Full-body answers of the same, unchanged feed one client (address and User-Agent) may have within
    /// <see cref="Window"/>. A reader polls a feed every 15 to 60 minutes (5 at the most, the advertised interval);
    /// one that sends no validators gets the full feed each time: 2 in 10 minutes. A person pressing refresh a few
    /// times, a reader restarted, or a few people with the same reader behind one address stay well under 10.
    /// </summary>
    public int MaxFullFetchesPerWindow { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How many (client, feed) pairs are tracked at most, for the limits and /status together; the least recently
    /// seen go first, so a client that rotates its address or User-Agent cannot grow the memory without limit.
    /// </summary>
    public int MaxTrackedPollers { get; set; } = 50_000;

    /// <summary>
    /// Reverse proxies or CDN addresses (an address, or a network such as 10.0.0.0/8) whose X-Forwarded-For is
    /// believed; from anyone else the header is ignored. Empty: clients are told apart by the connection's address.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];
}

internal sealed class PollingOptionsValidator : IValidateOptions<PollingOptions>
{
    public ValidateOptionsResult Validate(string? name, PollingOptions options)
    {
        var failures = new List<string>();
        if (options.MaxFullFetchesPerWindow is < 1 or > 10_000)
            failures.Add($"Polling:MaxFullFetchesPerWindow is {options.MaxFullFetchesPerWindow}; it must be between 1 and 10000.");
        if (options.Window < TimeSpan.FromSeconds(1) || options.Window > TimeSpan.FromDays(1))
            failures.Add($"Polling:Window is {options.Window}; it must be between 00:00:01 and 1.00:00:00.");
        if (options.MaxTrackedPollers is < 100 or > 10_000_000)
            failures.Add($"Polling:MaxTrackedPollers is {options.MaxTrackedPollers}; it must be between 100 and 10000000.");
        foreach (var proxy in options.TrustedProxies)
        {
            if (!IPAddress.TryParse(proxy, out _) && !IPNetwork.TryParse(proxy, out _))
                failures.Add($"Polling:TrustedProxies has '{proxy}'; give an address (10.0.0.5, ::1) or a network (10.0.0.0/8).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
