using System.Text;

namespace FeedPublisher.Articles;

/// <summary>
/// A small built-in article, parsed and stored in a rolled-back transaction a few dozen times shortly after start-up,
/// so the JIT compiles the parser, Markdig and the store's write path, and recompiles the hot framework code they
/// call, then and not while the first real articles wait (see README "Performance").
/// </summary>
public static class ParserWarmUp
{
    private static readonly byte[] Sample = Encoding.UTF8.GetBytes("""
        # Warm-up article for the parser

        Ann Example and Bo Sample  
        20 June 2014

        A first paragraph with *emphasis*, **strong words**, a [link](https://example.org/report) and `code`,
        long enough to be cut into a summary by the parser when it makes one for the feed.

        A paragraph split by a scraper
        
        in the middle of its sentence.

        > A quotation from someone.

        - one item
        - another item

        ## A subheading

        Last paragraph with www.example.org and a footnote-free ending.
        """);

    /// <returns>The parsed sample, for warming up the next stage too.</returns>
    public static Article Run(ArticleParser parser) => parser.Parse("warm-up.md", Sample);
}
