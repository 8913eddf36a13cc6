using System.Diagnostics;
using System.Runtime.InteropServices;
using FeedPublisher.Benchmarks;

// FeedPublisher's performance benchmark. Run it with tests/bench/run.sh [--smoke]; see README "Performance".
// Arguments: [--smoke] [--repo <repository root>] [--keep] (keep the temporary folder for a look afterwards)
// [--ingest-only [--ingest-size N] [--ingest-runs N]] (the bulk ingest alone, with Hugo beside it)
// [--regeneration-only [--regeneration-store N]] (the in-process regeneration alone).
BenchSettings settings;
try
{
    settings = BenchSettings.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"bench: {ex.Message}");
    return 2;
}

// Ctrl+C or a CI timeout cancels the run, so every child (service, nginx, wrk, hugo) is stopped on the way out.
using var cancel = new CancellationTokenSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; cancel.Cancel(); });
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; cancel.Cancel(); });

var work = Directory.CreateTempSubdirectory("fpbench-");
var clock = Stopwatch.StartNew();
try
{
    var report = await new BenchmarkRun(settings, work.FullName).RunAsync(cancel.Token);
    Console.WriteLine(report);
    Console.WriteLine($"bench: done in {clock.Elapsed.TotalSeconds:F0} s");
    return 0;
}
catch (Exception ex)
{
    Console.Error.WriteLine(ex is OperationCanceledException ? "bench: cancelled" : $"bench: failed: {ex}");
    return 1;
}
finally
{
    if (settings.KeepTemporaryFiles)
        Console.WriteLine($"bench: temporary files kept in {work.FullName}");
    else
        work.Delete(recursive: true);
}
