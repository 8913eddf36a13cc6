using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Status;

/// <summary>
/// /status, /status.json and /metrics: without <c>Status:Token</c>, only from this machine (a loopback connection
/// that no proxy forwarded: a local nginx must not open them to the world); with it, from anywhere with the token.
/// </summary>
public sealed class StatusAccess
{
    private readonly byte[]? _token;

    public StatusAccess(IOptions<StatusOptions> options)
    {
        _token = options.Value.Token is { Length: > 0 } token ? Encoding.UTF8.GetBytes(token.Trim()) : null;
    }

    /// <summary>
    /// Marks the three endpoints. The gate asks the endpoint routing matched, not the path: routing also matches
    /// "/status/" and "/STATUS", which a comparison of paths would let through.
    /// </summary>
    public sealed class Guarded
    {
        public static readonly Guarded Instance = new();
    }

    public static bool IsGuarded(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<Guarded>() is not null;

    /// <summary>Null when the request may see the figures; otherwise the status code to refuse it with.</summary>
    public int? Refusal(HttpContext context)
    {
        if (_token is null)
        {
            var headers = context.Request.Headers;
            var local = context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address)
                && !headers.ContainsKey("X-Forwarded-For") && !headers.ContainsKey("Forwarded");
            return local ? null : StatusCodes.Status403Forbidden;
        }
        var authorization = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return StatusCodes.Status401Unauthorized;
        var given = Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(given, _token) ? null : StatusCodes.Status401Unauthorized;
    }
}
