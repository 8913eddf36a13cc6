using Microsoft.Extensions.Options;

namespace FeedPublisher.Intake;

/// <summary>Bound to the <c>Intake</c> section: who may push articles over HTTP (<c>POST /api/articles</c>).</summary>
public sealed class IntakeOptions
{
    public const string Section = "Intake";

    /// <summary>Bearer tokens a client may send, one per client so each can be withdrawn; none: the endpoint does not exist.</summary>
    public string[] Tokens { get; set; } = [];

    public bool Enabled => Tokens.Length > 0;
}

internal sealed class IntakeOptionsValidator : IValidateOptions<IntakeOptions>
{
    /// <summary>Shorter tokens can be guessed; 32 characters of a random base64 or hex string are far beyond that.</summary>
    public const int MinTokenLength = 32;

    public ValidateOptionsResult Validate(string? name, IntakeOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Tokens.Length; i++)
        {
            var token = options.Tokens[i] ?? "";
            if (token.Length < MinTokenLength || token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
                failures.Add($"Intake:Tokens:{i} must be at least {MinTokenLength} characters with no spaces, such as the output of 'openssl rand -hex 32'.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
