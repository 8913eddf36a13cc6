using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using FeedPublisher.Site;

namespace FeedPublisher.Status;

/// <summary>/status as HTML: the same report as /status.json, in two tables a publisher can read. No script.</summary>
public sealed class StatusPage(SiteOptions site)
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
    private const string Style = "body{margin:2rem auto;max-width:80rem;padding:0 1rem;font:.95rem/1.5 sans-serif;color:#222}"
        + "table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}"
        + "td.n{text-align:right;font-variant-numeric:tabular-nums}.meta{color:#555}.good{color:#1a7f37}.fair{color:#9a6700}.poor{color:#cf222e}"
        + "code{font-size:.85rem;word-break:break-all}@media(max-width:40rem){table{font-size:.8rem}}";
    private readonly TimeZoneInfo _zone = site.TimeZoneInfo;

    public string Render(StatusReport report)
    {
        var body = new StringBuilder();
        body.Append("<h1>Readers of ").Append(Html.Encode(site.Title)).Append("</h1>\n<p class=\"meta\">The last 24 hours as seen by ")
            .Append(Html.Encode(report.Instance)).Append(", at ").Append(Html.Encode(Local(report.At)))
            .Append(". With several instances each shows its own readers; Prometheus sums their <a href=\"/metrics\">/metrics</a>. Addresses are kept in memory only and shown cut to their network. Advertised polling interval: ")
            .Append(Minutes(report.PollIntervalSeconds)).Append(". Also as <a href=\"/status.json\">JSON</a>.</p>\n");
        body.Append("<h2>Feeds</h2>\n");
        if (report.Feeds.Count == 0)
            body.Append("<p>No feed has been fetched from this instance in the last 24 hours.</p>\n");
        else
        {
            body.Append("<table>\n<thead><tr><th>Feed</th><th>Clients</th><th>Requests</th><th>304</th><th>Sent</th><th>Median interval</th><th>Limited clients</th><th>Subscribers reported</th></tr></thead>\n<tbody>\n");
            foreach (var feed in report.Feeds)
            {
                body.Append("<tr><td><a href=\"").Append(Html.Encode(feed.Path)).Append("\"><code>").Append(Html.Encode(feed.Path)).Append("</code></a></td>")
                    .Append(Number(feed.Clients)).Append(Number(feed.Requests)).Append(Percent(feed.NotModifiedShare)).Append(Cell(Bytes(feed.BytesSent), true))
                    .Append(Cell(Interval(feed.MedianPollIntervalSeconds), true)).Append(Number(feed.LimitedClients))
                    .Append("<td>").Append(feed.Subscribers.ToString("N0", CultureInfo.InvariantCulture));
                foreach (var audience in feed.SubscribersBy.Take(5))
                    body.Append("<br><span class=\"meta\">").Append(audience.Subscribers.ToString("N0", CultureInfo.InvariantCulture)).Append(" via ")
                        .Append(Html.Encode(Shorten(audience.Agent))).Append("</span>");
                body.Append("</td></tr>\n");
            }
            body.Append("</tbody>\n</table>\n");
        }
        body.Append("<h2>Clients</h2>\n<p class=\"meta\">Per client (address and User-Agent) and feed, since it was first seen (its counts start over after a day): does it send validators (If-None-Match, If-Modified-Since), send back exactly the ones it was given, and wait the advertised interval between polls?</p>\n");
        if (report.Clients.Count > 0)
        {
            body.Append("<table>\n<thead><tr><th>Client</th><th>Feed</th><th>Requests</th><th>304</th><th>Validators</th><th>Echoed exactly</th><th>Keeps interval</th><th>Median interval</th><th>429</th><th>Grade</th></tr></thead>\n<tbody>\n");
            foreach (var card in report.Clients)
                body.Append("<tr><td><code>").Append(Html.Encode(card.Address)).Append("</code><br><span class=\"meta\">").Append(Html.Encode(Shorten(card.UserAgent)))
                    .Append("</span></td><td><code>").Append(Html.Encode(card.Feed)).Append("</code></td>")
                    .Append(Number(card.Requests)).Append(Percent(card.NotModifiedShare)).Append(Percent(card.SendsValidators))
                    .Append(Percent(card.EchoesValidatorsExactly)).Append(Percent(card.KeepsToInterval)).Append(Cell(Interval(card.MedianIntervalSeconds), true))
                    .Append(Number(card.Limited)).Append("<td class=\"").Append(card.Grade).Append("\">").Append(card.Grade).Append("</td></tr>\n");
            body.Append("</tbody>\n</table>\n");
        }
        if (report.ClientsNotShown > 0)
            body.Append("<p class=\"meta\">").Append(report.ClientsNotShown.ToString("N0", CultureInfo.InvariantCulture)).Append(" quieter clients not shown.</p>\n");
        body.Append("<p class=\"meta\">Tracking ").Append(report.TrackedPollers.ToString("N0", CultureInfo.InvariantCulture)).Append(" of at most ")
            .Append(report.MaxTrackedPollers.ToString("N0", CultureInfo.InvariantCulture)).Append(" client-and-feed pairs (Polling:MaxTrackedPollers).</p>\n");
        return "<!DOCTYPE html>\n<html lang=\"" + Html.Encode(site.Language) + "\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<title>Readers - "
            + Html.Encode(site.Title) + "</title>\n<style>" + Style + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
    }

    private string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _zone).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    private static string Number(long value) => Cell(value.ToString("N0", CultureInfo.InvariantCulture), true);

    private static string Percent(double? share) => Cell(share is { } s ? (s * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %" : "–", true);

    private static string Cell(string text, bool numeric) => (numeric ? "<td class=\"n\">" : "<td>") + Html.Encode(text) + "</td>";

    private static string Minutes(int seconds) => seconds % 60 == 0 ? $"{seconds / 60} min" : $"{seconds} s";

    private static string Interval(double? seconds) => seconds switch
    {
        null => "–",
        < 120 => $"{seconds:0} s",
        < 7200 => $"{seconds / 60:0.#} min",
        _ => $"{seconds / 3600:0.#} h",
    };

    private static string Bytes(long bytes) => bytes switch
    {
        < 10_000 => $"{bytes} B",
        < 10_000_000 => $"{bytes / 1000.0:0.#} kB",
        _ => $"{bytes / 1_000_000.0:0.#} MB",
    };

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "...";
}
