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
    private const int MaxStartAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan IdleWindow = TimeSpan.FromMilliseconds(500);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();

    private ServiceProcess(Process process, StreamWriter log, string contentRoot, Uri baseUri, string? inbox)
    {
        _process = process;
        _log = log;
        ContentRoot = contentRoot;
        BaseUri = baseUri;
        Inbox = inbox ?? Path.Combine(contentRoot, "inbox");
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Pid => _process.Id;
    public string ContentRoot { get; }
    public Uri BaseUri { get; }
    public HttpClient Http { get; }
    /// <summary>Its inbox: under its content root, or a shared one given to several instances.</summary>
    public string Inbox { get; }
    public string LogPath => Path.Combine(ContentRoot, "service.log");

    /// <summary>Starts the service and returns once /healthz answers and the start-up regeneration has run.</summary>
    /// <param name="extraArgs">Configuration after the defaults (which they override), such as another database.</param>
    /// <param name="inbox">The inbox the arguments name, when it is not the content root's.</param>
    public static async Task<ServiceProcess> StartAsync(string serviceDll, string contentRoot, CancellationToken cancellationToken,
        IReadOnlyList<string>? extraArgs = null, string? inbox = null)
    {
        Directory.CreateDirectory(contentRoot);
        for (var attempt = 1; ; attempt++)
        {
            var service = Launch(serviceDll, contentRoot, FreePort.Next(), extraArgs ?? [], inbox);
            try
            {
                await service.WaitUntilReadyAsync(cancellationToken);
                return service;
            }
            catch (InvalidOperationException) when (attempt < MaxStartAttempts && service.LostPortRace())
            {
                // Another process took the free port between our check and the service's bind; pick another.
                await service.DisposeAsync();
            }
            catch
            {
                await service.DisposeAsync();
                throw;
            }
        }
    }

    private static ServiceProcess Launch(string serviceDll, string contentRoot, int port, IReadOnlyList<string> extraArgs, string? inbox)
    {
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[serviceDll, $"--contentRoot={contentRoot}", $"--Urls=http://127.0.0.1:{port}", $"--Site:BaseUrl={baseUri}",
                     // wrk fetches one feed in full from one client thousands of times a second: the serving figures
                     // are of answering, not of refusing (the accounting stays on; Status:Enabled=false is its cost).
                     "--Polling:Enabled=false", .. extraArgs])
            start.ArgumentList.Add(argument);

        var log = new StreamWriter(Path.Combine(contentRoot, "service.log")) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        var service = new ServiceProcess(process, log, contentRoot, baseUri, inbox);
        process.OutputDataReceived += (_, e) => service.WriteLog(e.Data);
        process.ErrorDataReceived += (_, e) => service.WriteLog(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>
    /// Ready when our process is alive, /healthz reports a finished regeneration and our own feeds folder has the
    /// feeds: the last check tells our service from another one that may have grabbed the port first.
    /// </summary>
    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (ExitReport() is { } report)
                throw new InvalidOperationException($"start-up failed: {report}");
            try
            {
                var health = await Http.GetFromJsonAsync<JsonElement>("healthz", cancellationToken);
                // One of several instances serves feeds that another may have regenerated.
                var served = health.GetProperty("feeds").GetProperty("lastRegeneration").ValueKind != JsonValueKind.Null
                    || (health.TryGetProperty("cluster", out var cluster) && cluster.GetProperty("servedGeneration").GetInt64() > 0);
                if (served
                    && File.Exists(Path.Combine(ContentRoot, "feeds", "atom.xml")) && !_process.HasExited)
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

    private bool LostPortRace()
    {
        lock (_logLock)
            return _process.HasExited && File.ReadLines(LogPath).Any(l => l.Contains("address already in use", StringComparison.OrdinalIgnoreCase));
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

    /// <summary>When the service has exited: its exit code and the end of its log, to explain a failed request.</summary>
    public string? ExitReport()
    {
        if (!_process.HasExited)
            return null;
        string[] tail;
        lock (_logLock)
            tail = File.ReadLines(LogPath).TakeLast(15).ToArray();
        return $"the service exited with code {_process.ExitCode}; the end of {LogPath}:{Environment.NewLine}{string.Join(Environment.NewLine, tail)}";
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
