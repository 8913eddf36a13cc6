using System.Diagnostics;
using System.Text;

namespace FeedPublisher.Benchmarks.Processes;

internal sealed record ChildResult(int ExitCode, string Output, string Errors, TimeSpan Elapsed);

/// <summary>Runs a command to completion within a time limit; whatever happens, it and its children do not outlive the call.</summary>
internal static class ChildProcess
{
    /// <param name="onErrorLine">Sees each stderr line as it comes (progress of long scripts).</param>
    /// <param name="onStarted">Gets the process id once it runs (to sample its memory).</param>
    public static async Task<ChildResult> RunAsync(
        string fileName, IEnumerable<string> arguments, TimeSpan timeout, Action<string>? onErrorLine = null, CancellationToken cancellationToken = default,
        Action<int>? onStarted = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (errors) errors.AppendLine(e.Data);
            onErrorLine?.Invoke(e.Data);
        };

        var stopwatch = Stopwatch.StartNew();
        process.Start();
        onStarted?.Invoke(process.Id);
        try
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{Path.GetFileName(fileName)} did not finish within {timeout.TotalSeconds:F0} s");
            }
            var elapsed = stopwatch.Elapsed;
            // The parameterless wait also drains the redirected streams.
            process.WaitForExit();
            lock (output) lock (errors)
                return new ChildResult(process.ExitCode, output.ToString(), errors.ToString(), elapsed);
        }
        finally
        {
            KillTree(process);
        }
    }

    public static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }
}
