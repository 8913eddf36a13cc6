namespace FeedPublisher.Benchmarks.Report;

/// <summary>
/// A figure the team compares against. Shown beside the measurement, never asserted: a missed target is reported with
/// how far off it is, and the run still succeeds.
/// </summary>
internal sealed record Target(string Text, double Limit, bool IsUpperBound)
{
    public static Target AtMost(double limit, string text) => new(text, limit, IsUpperBound: true);
    public static Target AtLeast(double limit, string text) => new(text, limit, IsUpperBound: false);

    public string Verdict(double measured)
    {
        if (IsUpperBound)
            return measured <= Limit ? "met"
                : measured >= 2 * Limit ? $"MISSED: {measured / Limit:F1}× the limit"
                : $"MISSED by {(measured / Limit - 1) * 100:F0}%";
        return measured >= Limit ? "met" : $"MISSED by {(1 - measured / Limit) * 100:F0}%";
    }
}

/// <summary>The targets from the benchmark issue, in one place.</summary>
internal static class Targets
{
    public const int IngestSize = 10_000;
    public const int RegenerationStore = 100_000;

    public static readonly Target IngestVsHugo = Target.AtMost(2.0, "≤ 2.0× Hugo 50-item");
    public static readonly Target IngestPeakRssMb = Target.AtMost(250, "< 250 MB");
    public static readonly Target RenameP50Ms = Target.AtMost(250, "< 250 ms");
    public static readonly Target RenameP99Ms = Target.AtMost(1000, "< 1 s");
    public static readonly Target RegenerationUnchangedMs = Target.AtMost(20, "< 20 ms");
    public static readonly Target RegenerationNewP50Ms = Target.AtMost(150, "p50 < 150 ms");
    public static readonly Target RegenerationNewP99Ms = Target.AtMost(400, "p99 < 400 ms");
    public static readonly Target ArchivePagesRewritten = Target.AtMost(0, "0");
    public static readonly Target LargeStoreServiceRssMb = Target.AtMost(400, "< 400 MB");
    public static readonly Target RegenerationVsSmallStore = Target.AtMost(1.5, "≤ 1.5× the 1,000 figure");
    public static readonly Target AccountingKeepsServing = Target.AtLeast(0.90, "≥ 0.90× without it");
    public static readonly Target NotModifiedVsNginx = Target.AtLeast(0.65, "≥ 0.65× nginx");
    public static readonly Target GzipVsNginx = Target.AtLeast(0.5, "≥ 0.5× nginx");
    /// <summary>Issue 11: the running server notices a command's change within 2 s.</summary>
    public static readonly Target CommandToServerMs = Target.AtMost(2000, "< 2 s");
    public static readonly Target IdleRssMb = Target.AtMost(120, "< 120 MB");

    /// <summary>A plain copy is read once it has settled (Inbox:SettleTime, 1 s by default); 250 ms on top of that.</summary>
    public static Target CopyP50Ms(TimeSpan settleTime) =>
        Target.AtMost(settleTime.TotalMilliseconds + 250, $"< settle + 250 ms = {settleTime.TotalMilliseconds + 250:F0} ms");
}
