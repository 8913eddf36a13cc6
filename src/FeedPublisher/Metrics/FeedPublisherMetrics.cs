using System.Diagnostics.Metrics;

namespace FeedPublisher.Metrics;

/// <summary>
/// The service's instruments (System.Diagnostics.Metrics, meter "FeedPublisher"), exported at /metrics in Prometheus'
/// text format. Recording costs next to nothing until an exporter listens.
/// </summary>
public sealed class FeedPublisherMetrics
{
    public const string MeterName = "FeedPublisher";
    public const string RegenerationDuration = "feedpublisher.regeneration.duration";

    private static readonly string[] StatusTexts = BuildStatusTexts();

    private readonly Counter<long> _ingested;
    private readonly Counter<long> _ingestFailed;
    private readonly Counter<long> _regenerations;
    private readonly Histogram<double> _regenerationSeconds;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _limited;
    private readonly Counter<long> _hubPings;
    private readonly Counter<long> _hubPingFailures;
    private long _fullAnswers;
    private long _notModified;

    public FeedPublisherMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _ingested = meter.CreateCounter<long>("feedpublisher.articles.ingested", "{article}", "Articles stored from the inbox or the HTTP intake, by outcome (new, updated, unchanged)");
        _ingestFailed = meter.CreateCounter<long>("feedpublisher.articles.failed", "{file}", "Files refused (moved to failed/ or answered 422), by source");
        _regenerations = meter.CreateCounter<long>("feedpublisher.regenerations", "{regeneration}", "Feed regenerations, by outcome (changed, unchanged, failed)");
        _regenerationSeconds = meter.CreateHistogram<double>(RegenerationDuration, "s", "How long each feed regeneration took");
        _requests = meter.CreateCounter<long>("feedpublisher.feed.requests", "{request}", "Feed requests, by feed kind (site, tag, author, archive), format and status");
        _limited = meter.CreateCounter<long>("feedpublisher.feed.limited", "{request}", "Feed requests answered 429 for fetching the full feed too often, by feed kind");
        meter.CreateObservableGauge("feedpublisher.feed.not_modified_ratio", NotModifiedRatio, "1", "Share of feed answers (200 and 304) since start that were 304 Not Modified");
        _hubPings = meter.CreateCounter<long>("feedpublisher.websub.pings", "{ping}", "Publish requests sent to WebSub hubs, by hub");
        _hubPingFailures = meter.CreateCounter<long>("feedpublisher.websub.ping_failures", "{ping}", "Publish requests a hub refused or missed after retries, by hub");
    }

    public void Ingested(string source, int inserted, int updated, int unchanged, int failed)
    {
        if (inserted > 0)
            _ingested.Add(inserted, new KeyValuePair<string, object?>("outcome", "new"), new("source", source));
        if (updated > 0)
            _ingested.Add(updated, new KeyValuePair<string, object?>("outcome", "updated"), new("source", source));
        if (unchanged > 0)
            _ingested.Add(unchanged, new KeyValuePair<string, object?>("outcome", "unchanged"), new("source", source));
        if (failed > 0)
            _ingestFailed.Add(failed, new KeyValuePair<string, object?>("source", source));
    }

    public void Regenerated(TimeSpan took, int written)
    {
        _regenerations.Add(1, new KeyValuePair<string, object?>("outcome", written < 0 ? "failed" : written == 0 ? "unchanged" : "changed"));
        _regenerationSeconds.Record(took.TotalSeconds);
    }

    /// <summary>One feed request's answer; called on every poll, so it allocates nothing.</summary>
    public void FeedAnswered(FeedKind kind, int status)
    {
        if (status == StatusCodes.Status304NotModified)
            Interlocked.Increment(ref _notModified);
        else if (status == StatusCodes.Status200OK)
            Interlocked.Increment(ref _fullAnswers);
        else if (status == StatusCodes.Status429TooManyRequests)
            _limited.Add(1, new KeyValuePair<string, object?>("kind", kind.Scope));
        if (_requests.Enabled)
            _requests.Add(1, new KeyValuePair<string, object?>("kind", kind.Scope), new("format", kind.Format), new("status", StatusText(status)));
    }

    public void HubPinged(string hub, bool ok)
    {
        _hubPings.Add(1, new KeyValuePair<string, object?>("hub", hub));
        if (!ok)
            _hubPingFailures.Add(1, new KeyValuePair<string, object?>("hub", hub));
    }

    private double NotModifiedRatio()
    {
        var notModified = Interlocked.Read(ref _notModified);
        var answers = notModified + Interlocked.Read(ref _fullAnswers);
        return answers == 0 ? 0 : (double)notModified / answers;
    }

    private static string StatusText(int status) => status is >= 100 and < 600 ? StatusTexts[status] : status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string[] BuildStatusTexts()
    {
        var texts = new string[600];
        for (var i = 0; i < texts.Length; i++)
            texts[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return texts;
    }
}
