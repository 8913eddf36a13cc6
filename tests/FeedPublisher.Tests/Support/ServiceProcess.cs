using System.Diagnostics;

namespace FeedPublisher.Tests.Support;

/// <summary>What the service printed and how it exited.</summary>
public sealed record ServiceExit(int ExitCode, string Output, string Errors);

/// <summary>
/// The built service (FeedPublisher.dll, copied beside the test assembly) run as a process of its own, for what only a
/// real process shows: what it prints, and its exit code. In-process tests go through <see cref="TestApp"/>.
/// </summary>
public static class ServiceProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs the service on a temp content root until it exits; one that is still running after a minute is killed.</summary>
    public static async Task<ServiceExit> RunUntilExitAsync(params string[] extraArgs)
    {
        using var root = new TempDirectory();
        return await RunUntilExitInAsync(root.Path, extraArgs);
    }

    /// <summary>A command of the command line (<c>list</c>, <c>check FILE</c>…) on a content root of the test's own.</summary>
    public static Task<ServiceExit> RunCommandAsync(string contentRoot, params string[] commandLine) =>
        RunAsync([.. commandLine, $"--contentRoot={contentRoot}"]);

    /// <summary>The same on a content root of the test's own, which it keeps (a database from an earlier run).</summary>
    public static Task<ServiceExit> RunUntilExitInAsync(string contentRoot, params string[] extraArgs) =>
        RunAsync([$"--contentRoot={contentRoot}", "--Urls=http://127.0.0.1:0", .. extraArgs]);

    private static async Task<ServiceExit> RunAsync(string[] arguments)
    {
        // `dotnet test` says which host it runs on; the one on the PATH otherwise.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "FeedPublisher.dll"), .. arguments])
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("the service process did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new Xunit.Sdk.XunitException($"The service was still running after {Timeout.TotalSeconds:F0} s; it printed:\n{await output}\n{await errors}");
        }
        return new ServiceExit(process.ExitCode, await output, await errors);
    }
}
