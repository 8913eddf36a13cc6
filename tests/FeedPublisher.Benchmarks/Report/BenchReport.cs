using System.Text;

namespace FeedPublisher.Benchmarks.Report;

/// <summary>What the run prints at the end: the main table, the serving table, and notes on what was seen.</summary>
internal sealed class BenchReport(bool smoke)
{
    public const double Megabyte = 1_000_000;

    private readonly TextTable _main = new("scenario", "measure", "median", "min–max", "n", "target", "met?");

    public TextTable Serving { get; } = new(
        "case", "wrk", "server", "req/s", "min–max", "p50 ms", "p99 ms", "bytes/resp", "req per CPU-s", "ours/nginx", "target", "met?");

    public List<string> Notes { get; } = [];

    public void Add(string scenario, string measure, Summary value, string format, Target? target = null) =>
        _main.Add(scenario, measure, value.Median.ToString(format), value.Range(format), value.Count.ToString(), target?.Text ?? "",
            Verdict(target, value.Median));

    /// <summary>A single figure: a percentile over all samples, or a ratio of two medians.</summary>
    public void Add(string scenario, string measure, double value, string format, int count, Target? target = null) =>
        _main.Add(scenario, measure, value.ToString(format), "", count.ToString(), target?.Text ?? "", Verdict(target, value));

    /// <summary>Smoke sizes are too small to judge against the targets, so only the full run says met or missed.</summary>
    public string Verdict(Target? target, double value) => target is null ? "" : smoke ? "(smoke)" : target.Verdict(value);

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine().AppendLine($"FeedPublisher benchmark ({(smoke ? "smoke run: tiny sizes, figures not comparable" : "full run")})")
            .AppendLine("Medians over the runs (min–max); n = runs or samples. MB = 10^6 bytes.").AppendLine()
            .Append(_main).AppendLine()
            .AppendLine("Serving the same RSS bytes with wrk on 127.0.0.1 (req/s median over runs)").AppendLine()
            .Append(Serving);
        if (Notes.Count > 0)
        {
            text.AppendLine().AppendLine("Notes");
            foreach (var note in Notes)
                text.AppendLine("- " + note);
        }
        return text.ToString();
    }
}
