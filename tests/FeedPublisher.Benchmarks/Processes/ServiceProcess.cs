using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace FeedPublisher.Benchmarks.Processes;

/// <summary>
/// The real service (the Release build) as a child process on its own content root and loopback port, logging to a
/// file. Disposing it stops it: SIGTERM, then a kill of the whole tree if it has not gone within five seconds.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan IdleWindow = TimeSpan.FromMilliseconds(500);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();

    private ServiceProcess(Process process, StreamWriter log, string contentRoot, Uri baseUri)
    {
        _process = process;
        _log = log;
        ContentRoot = contentRoot;
        BaseUri = baseUri;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Pid => _process.Id;
    public string ContentRoot { get; }
    public Uri BaseUri { get; }
    public HttpClient Http { get; }
    public string Inbox => Path.Combine(ContentRoot, "inbox");
    public string LogPath => Path.Combine(ContentRoot, "service.log");

    /// <summary>Starts the service and returns once /healthz answers and the start-up regeneration has run.</summary>
    public static async Task<ServiceProcess> StartAsync(string serviceDll, string contentRoot, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(contentRoot);
        var port = FreePort.Next();
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { serviceDll, $"--contentRoot={contentRoot}", $"--Urls=http://127.0.0.1:{port}", $"--Site:BaseUrl={baseUri}" })
            start.ArgumentList.Add(argument);

        var log = new StreamWriter(Path.Combine(contentRoot, "service.log")) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        var service = new ServiceProcess(process, log, contentRoot, baseUri);
        process.OutputDataReceived += (_, e) => service.WriteLog(e.Data);
        process.ErrorDataReceived += (_, e) => service.WriteLog(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await service.WaitUntilReadyAsync(cancellationToken);
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"the service exited at start-up (code {_process.ExitCode}); see {LogPath}");
            try
            {
                var health = await Http.GetFromJsonAsync<JsonElement>("healthz", cancellationToken);
                if (health.GetProperty("feeds").GetProperty("lastRegeneration").ValueKind != JsonValueKind.Null)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException($"the service was not ready within {StartTimeout.TotalSeconds:F0} s; see {LogPath}");
    }

    private void WriteLog(string? line)
    {
        if (line is null)
            return;
        lock (_logLock)
            _log.WriteLine(line);
    }

    /// <summary>
    /// Waits until the service has used under 2% of a core for half a second: queued regenerations are done and a
    /// measurement that follows (Hugo's build, an idle RSS reading) does not share the CPU with them.
    /// </summary>
    public async Task WaitUntilIdleAsync(CancellationToken cancellationToken)
    {
        var limit = Stopwatch.StartNew();
        var before = CpuSeconds();
        while (limit.Elapsed < IdleTimeout)
        {
            await Task.Delay(IdleWindow, cancellationToken);
            var now = CpuSeconds();
            if (now - before < IdleWindow.TotalSeconds * 0.02)
                return;
            before = now;
        }
    }

    public double CpuSeconds() => ProcStats.CpuSeconds(Pid);
    public long RssBytes() => ProcStats.RssBytes(Pid);
    public long PeakRssBytes() => ProcStats.PeakRssBytes(Pid);
    public bool ResetPeak() => ProcStats.ResetPeak(Pid);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited && Posix.Terminate(_process.Id))
            {
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    // Still running; killed below.
                }
            }
        }
        finally
        {
            ChildProcess.KillTree(_process);
            _process.Dispose();
            Http.Dispose();
            lock (_logLock)
                _log.Dispose();
        }
    }
}
