using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace FeedPublisher.Articles;

/// <summary>Splits optional YAML front matter from the body and reads its known keys with YamlDotNet.</summary>
public static class FrontMatterReader
{
    private const int MaxFrontMatterChars = 64 * 1024;
    private const int MaxNesting = 16;

    /// <summary>Returns the front matter and the body after it, with the file line the body starts on.</summary>
    public static (FrontMatter FrontMatter, string Body, int BodyFirstLine) Split(string text)
    {
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
            return (FrontMatter.None, text, 1);

        var close = FindClosingFence(text);
        if (close < 0)
            throw new ArticleParseException(
                "the file starts with '---' (YAML front matter) but has no closing '---' line. Add one after the last key.", 1);

        var yaml = text[4..close];
        if (yaml.Length > MaxFrontMatterChars)
            throw new ArticleParseException($"the front matter is {yaml.Length:N0} characters long; the limit is {MaxFrontMatterChars:N0}.", 1);

        var afterFence = text.IndexOf('\n', close);
        var body = afterFence < 0 ? "" : text[(afterFence + 1)..];
        var bodyFirstLine = text.AsSpan(0, afterFence < 0 ? text.Length : afterFence + 1).Count('\n') + 1;
        return (Read(yaml), body, bodyFirstLine);
    }

    private static int FindClosingFence(string text)
    {
        var position = 4;
        while (position <= text.Length)
        {
            var end = text.IndexOf('\n', position);
            var line = end < 0 ? text.AsSpan(position) : text.AsSpan(position, end - position);
            if (line.TrimEnd().SequenceEqual("---") || line.TrimEnd().SequenceEqual("..."))
                return position;
            if (end < 0)
                return -1;
            position = end + 1;
        }
        return -1;
    }

    private static FrontMatter Read(string yaml)
    {
        // Line numbers in the file are one more than in the YAML block: the opening fence is line 1.
        const int lineOffset = 1;
        RejectAliasesAndDeepNesting(yaml, lineOffset);

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new ArticleParseException($"the front matter is not valid YAML: {ex.InnerException?.Message ?? ex.Message}",
                (int)ex.Start.Line + lineOffset, ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            return FrontMatter.None;
        if (stream.Documents[0].RootNode is not YamlMappingNode map)
            throw new ArticleParseException("the front matter must be 'key: value' lines, such as 'title: My headline'.", 1 + lineOffset);

        var result = new FrontMatter();
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value?.Trim().ToLowerInvariant();
            var line = (int)valueNode.Start.Line + lineOffset;
            result = key switch
            {
                "title" => result with { Title = Scalar(valueNode, key, line) },
                "author" or "authors" => result with { Authors = [.. result.Authors, .. List(valueNode, key, line)] },
                "date" or "published" => result with { Date = Value(valueNode, key, line) },
                "updated" or "lastmod" => result with { Updated = Value(valueNode, key, line) },
                "id" => result with { Id = Scalar(valueNode, key, line) },
                "slug" => result with { Slug = Scalar(valueNode, key, line) },
                "tags" or "categories" => result with { Tags = [.. result.Tags, .. List(valueNode, key, line)] },
                "summary" or "description" => result with { Summary = Scalar(valueNode, key, line) },
                "draft" => result with { Draft = Boolean(valueNode, key, line) },
                "image" => result with { Image = Value(valueNode, key, line) },
                "image_alt" => result with { ImageAlt = Scalar(valueNode, key, line) },
                "retracted" => result with { Retracted = Boolean(valueNode, key, line) },
                "retraction_reason" => result with { RetractionReason = Scalar(valueNode, key, line) },
                _ => result,
            };
        }
        return result;
    }

    private static void RejectAliasesAndDeepNesting(string yaml, int lineOffset)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case AnchorAlias alias:
                        throw new ArticleParseException(
                            $"the front matter uses a YAML alias (*{alias.Value}); write the value out instead.",
                            (int)alias.Start.Line + lineOffset);
                    case MappingStart or SequenceStart when ++depth > MaxNesting:
                        throw new ArticleParseException(
                            $"the front matter is nested more than {MaxNesting} levels deep; use flat 'key: value' lines.",
                            (int)parser.Current.Start.Line + lineOffset);
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                }
            }
        }
        catch (YamlException ex)
        {
            throw new ArticleParseException($"the front matter is not valid YAML: {ex.InnerException?.Message ?? ex.Message}",
                (int)ex.Start.Line + lineOffset, ex);
        }
    }

    private static string? Scalar(YamlNode node, string key, int line) => node switch
    {
        YamlScalarNode scalar => string.IsNullOrWhiteSpace(scalar.Value) ? null : scalar.Value.Trim(),
        _ => throw new ArticleParseException($"'{key}' must be a single value, not a list or a map.", line),
    };

    private static FrontMatterValue? Value(YamlNode node, string key, int line) =>
        Scalar(node, key, line) is { } text ? new FrontMatterValue(text, line) : null;

    private static IEnumerable<string> List(YamlNode node, string key, int line) => node switch
    {
        YamlScalarNode scalar => (scalar.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        YamlSequenceNode sequence => sequence.Children.Select(child => Scalar(child, key, (int)child.Start.Line + 1)).OfType<string>(),
        _ => throw new ArticleParseException($"'{key}' must be a value or a list of values.", line),
    };

    private static bool Boolean(YamlNode node, string key, int line) =>
        Scalar(node, key, line)?.ToLowerInvariant() switch
        {
            null or "false" or "no" or "off" => false,
            "true" or "yes" or "on" => true,
            var other => throw new ArticleParseException($"'{key}' must be true or false, not '{other}'.", line),
        };
}
