using Spectre.Console;

namespace FeedPublisher.Commands;

/// <summary>
/// How <c>ingest</c> reports each file: a progress bar (Spectre.Console) when there are many files and a terminal to
/// draw it on; otherwise a plain line per file, which logs and scripts can read. Nothing with <c>--json</c>.
/// </summary>
internal abstract class IngestProgress
{
    /// <summary>From this many files on, a terminal gets a bar instead of a line per file.</summary>
    private const int BarFrom = 20;

    public abstract void Done(string file, string outcome, string detail);

    public static async Task RunAsync(int total, bool quiet, Func<IngestProgress, Task> work)
    {
        if (quiet)
        {
            await work(new Silent());
            return;
        }
        if (total < BarFrom || Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            await work(new Lines());
            return;
        }
        await AnsiConsole.Progress().AutoClear(true).StartAsync(async context =>
        {
            var task = context.AddTask("ingesting", maxValue: total);
            await work(new Bar(task));
        });
    }

    private sealed class Silent : IngestProgress
    {
        public override void Done(string file, string outcome, string detail) { }
    }

    private sealed class Lines : IngestProgress
    {
        public override void Done(string file, string outcome, string detail) => Console.Out.WriteLine($"{file}: {outcome} ({detail})");
    }

    private sealed class Bar(ProgressTask task) : IngestProgress
    {
        public override void Done(string file, string outcome, string detail) => task.Increment(1);
    }
}
