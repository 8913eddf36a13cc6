using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Intake;

/// <summary>Checks a request's bearer token against the configured ones, in time that does not depend on how much of it matched.</summary>
internal sealed class IntakeTokens(IOptions<IntakeOptions> options)
{
    private readonly byte[][] _hashes = [.. options.Value.Tokens.Select(token => SHA256.HashData(Encoding.UTF8.GetBytes(token)))];

    public bool Accepts(string? authorization)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return false;
        var offered = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim()));
        var accepted = false;
        foreach (var hash in _hashes)
            accepted |= CryptographicOperations.FixedTimeEquals(hash, offered);
        return accepted;
    }
}
