using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace FeedPublisher.Feeds;

/// <summary>What the XML formats share: deterministic writer settings, extension elements and RFC 822 dates.</summary>
internal static class FeedXml
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        NewLineChars = "\n",
        CheckCharacters = true,
    };

    public static byte[] Render(SyndicationFeedFormatter formatter)
    {
        using var buffer = FeedBuffers.Rent("feed-xml");
        using (var writer = XmlWriter.Create(buffer, Settings))
        {
            formatter.WriteTo(writer);
        }
        buffer.WriteByte((byte)'\n');
        return FeedBuffers.ToExactArray(buffer);
    }

    /// <summary>An extension element; with a prefix, it is written as prefix:name (declared once on the channel).</summary>
    public static SyndicationElementExtension Element(XName name, string value, string? prefix = null)
    {
        var element = prefix is null
            ? new XElement(name, value)
            : new XElement(name, new XAttribute(XNamespace.Xmlns + prefix, name.NamespaceName), value);
        return new SyndicationElementExtension(element.CreateReader());
    }

    /// <summary>An empty extension element, written as prefix:name (declared once on the channel or feed).</summary>
    public static SyndicationElementExtension EmptyElement(XName name, string prefix) =>
        new(new XElement(name, new XAttribute(XNamespace.Xmlns + prefix, name.NamespaceName)).CreateReader());

    /// <summary>RFC 822 date with a numeric zone ("Fri, 20 Jun 2014 00:00:00 +0000"), as RSS 2.0 asks.</summary>
    public static string Rfc822(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    public static void DeclareNamespace(SyndicationFeed feed, string prefix, string ns) =>
        feed.AttributeExtensions[new XmlQualifiedName(prefix, FeedNames.XmlnsNamespace)] = ns;
}
