using Microsoft.Extensions.Options;

namespace FeedPublisher.Status;

/// <summary>Bound to the <c>Status</c> section: the publisher's view of its readers, /status and /metrics.</summary>
public sealed class StatusOptions
{
    public const string Section = "Status";

    /// <summary>Whether each feed request is accounted for /status (and the full-fetch limit can work at all).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Without a token, /status, /status.json and /metrics answer only requests from this machine (loopback, not
    /// forwarded by a proxy); with one, any request that sends <c>Authorization: Bearer</c> and the token.
    /// </summary>
    public string? Token { get; set; }
}

internal sealed class StatusOptionsValidator : IValidateOptions<StatusOptions>
{
    public const int MinTokenLength = 32;

    public ValidateOptionsResult Validate(string? name, StatusOptions options) =>
        options.Token is { } token && token.Trim().Length < MinTokenLength
            ? ValidateOptionsResult.Fail($"Status:Token is {token.Trim().Length} characters; it must be at least {MinTokenLength} (for example: openssl rand -hex 32), or left out to allow this machine only.")
            : ValidateOptionsResult.Success;
}
