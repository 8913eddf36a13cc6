using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Articles;

/// <summary>How articles are read. Bound to the <c>Articles</c> section.</summary>
public sealed class ArticlesOptions
{
    public const string Section = "Articles";

    /// <summary>Regexes for boilerplate removed from the end of a body; each must match up to the end.</summary>
    public string[] TrailerPatterns { get; set; } = [];
}

internal sealed class ArticlesOptionsValidator : IValidateOptions<ArticlesOptions>
{
    public ValidateOptionsResult Validate(string? name, ArticlesOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.TrailerPatterns.Length; i++)
        {
            try
            {
                _ = new Regex(options.TrailerPatterns[i]);
            }
            catch (ArgumentException ex)
            {
                failures.Add($"Articles:TrailerPatterns:{i} is not a valid regular expression: {ex.Message}");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
