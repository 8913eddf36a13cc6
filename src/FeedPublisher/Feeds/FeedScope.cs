using FeedPublisher.Storage;

namespace FeedPublisher.Feeds;

public enum FeedScopeKind
{
    Site,
    Tag,
    Author,

    /// <summary>One complete page of the site's history (RFC 5005 §4), numbered from 1, the oldest.</summary>
    Archive,
}

/// <summary>What a feed is about: the whole site, one tag or one author. A feed is a scope in one format.</summary>
public sealed record FeedScope(FeedScopeKind Kind, string Name = "", string Slug = "", int Page = 0)
{
    public static readonly FeedScope Site = new(FeedScopeKind.Site);

    public static FeedScope Tag(ScopeName tag) => new(FeedScopeKind.Tag, tag.Name, tag.Slug);

    public static FeedScope Author(ScopeName author) => new(FeedScopeKind.Author, author.Name, author.Slug);

    public static FeedScope Archive(int page) => new(FeedScopeKind.Archive, Page: page);

    /// <summary>The store's scope for the same articles.</summary>
    public ArticleScope Articles => Kind switch
    {
        FeedScopeKind.Tag => ArticleScope.Tag(Name),
        FeedScopeKind.Author => ArticleScope.Author(Name),
        _ => ArticleScope.Site,
    };
}
