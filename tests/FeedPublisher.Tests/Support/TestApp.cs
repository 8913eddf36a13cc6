using CodeHollow.FeedReader;
using Dapper;
using FeedPublisher.Feeds;
using FeedPublisher.Inbox;
using FeedPublisher.Scheduling;
using FeedPublisher.Storage;
using FeedPublisher.Storage.Sqlite;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Quartz;

namespace FeedPublisher.Tests.Support;

/// <summary>
/// The real service (<see cref="FeedPublisherApp"/>) on a temp content root: real inbox folders, SQLite file, Quartz
/// scheduler and Kestrel on a free port. Create it, put files in place if the test needs them there before start-up,
/// then start it; disposing stops it and deletes the folder.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly string _root;
    private readonly TempDirectory? _ownedRoot;
    private readonly WebApplication _app;
    private bool _started;

    private TestApp(string root, TempDirectory? ownedRoot, WebApplication app)
    {
        _root = root;
        _ownedRoot = ownedRoot;
        _app = app;
        // Resolved on first use: resolving reads options, and a test of bad options wants start-up to be what fails.
        _inbox = new(() => Services.GetRequiredService<InboxFolders>());
        _feedsFolder = new(() => Services.GetRequiredService<FeedOutputFolder>().FullPath);
        _databasePath = new(() => Services.GetRequiredService<SqliteConnectionFactory>().DatabasePath);
    }

    private readonly Lazy<InboxFolders> _inbox;
    private readonly Lazy<string> _feedsFolder;
    private readonly Lazy<string> _databasePath;

    /// <summary>Builds the app on a new temp folder without starting it. Later <c>--Key=Value</c> arguments win.</summary>
    public static TestApp Create(params string[] extraArgs) => Create(new TestAppSetup(), extraArgs);

    /// <summary>As <see cref="Create(string[])"/>, with a pinned clock or an appsettings.json of the test's own.</summary>
    public static TestApp Create(TestAppSetup setup, params string[] extraArgs)
    {
        // A root of the test's own outlives the app, for a second start on the same folders.
        var ownedRoot = setup.ContentRoot is null ? new TempDirectory() : null;
        var root = setup.ContentRoot ?? ownedRoot!.Path;
        try
        {
            if (setup.AppSettingsJson is { } json)
                File.WriteAllText(Path.Combine(root, "appsettings.json"), json);
            string[] args =
            [
                $"--contentRoot={root}",
                "--Urls=http://127.0.0.1:0",
                "--Inbox:SettleTime=00:00:00.200",
                "--Inbox:RescanInterval=00:00:01",
                "--Logging:LogLevel:Default=Warning",
                // Quartz keeps schedulers in a process-wide repository by name: each test host gets its own.
                $"--Scheduling:SchedulerName=test-{Guid.NewGuid():N}",
                // Tests fetch the same feed from one client far more often than any reader may (the limit's own tests
                // switch it on again).
                "--Polling:Enabled=false",
                .. extraArgs,
            ];
            var logs = new CapturedLogs();
            var app = FeedPublisherApp.Create(args, builder =>
            {
                builder.Logging.AddProvider(logs);
                if (setup.Time is { } time)
                    builder.Services.AddSingleton(time);
            });
            return new TestApp(root, ownedRoot, app) { Logs = logs };
        }
        catch
        {
            ownedRoot?.Dispose();
            throw;
        }
    }

    public static async Task<TestApp> StartAsync(TestAppSetup setup, params string[] extraArgs)
    {
        var app = Create(setup, extraArgs);
        try
        {
            await app.StartAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public static Task<TestApp> StartAsync(params string[] extraArgs) => StartAsync(new TestAppSetup(), extraArgs);

    public async Task StartAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _app.StartAsync(timeout.Token);
        _started = true;
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        BaseAddress = addresses?.Select(a => new Uri(a)).FirstOrDefault();
    }

    public IServiceProvider Services => _app.Services;

    /// <summary>What the service logged at Warning and above.</summary>
    public CapturedLogs Logs { get; private init; } = new();
    public string Root => _root;
    public InboxFolders Inbox => _inbox.Value;
    public string InboxPath => Inbox.Inbox;
    public string ProcessedPath => Inbox.Processed;
    public string FailedPath => Inbox.Failed;
    public string FeedsFolder => _feedsFolder.Value;
    public string RssPath => Path.Combine(FeedsFolder, "rss.xml");
    public string AtomPath => Path.Combine(FeedsFolder, "atom.xml");
    public string DatabasePath => _databasePath.Value;

    /// <summary>Where Kestrel listens, once started.</summary>
    public Uri? BaseAddress { get; private set; }

    /// <summary>Feed regenerations that finished, as the regenerator counts them.</summary>
    public int RegenerationsSinceStart => (int)Services.GetRequiredService<FeedRegenerator>().CompletedRegenerations;

    /// <summary>Writes a file straight into the inbox (created if the service has not started yet) and returns its path.</summary>
    public string DropIntoInbox(string fileName, byte[] bytes)
    {
        Directory.CreateDirectory(InboxPath);
        var path = Path.Combine(InboxPath, fileName);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string[] FileNamesIn(string folder) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray() : [];

    /// <summary>The feed as an independent reader sees it; null while it has not been written yet.</summary>
    public static Feed? ReadFeed(string path) => File.Exists(path) ? FeedReader.ReadFromString(File.ReadAllText(path)) : null;

    public Task<Feed> WaitForFeedAsync(string path, Func<Feed, bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(() => ReadFeed(WhileRunning(path)) is { } feed && condition(feed) ? feed : null, what, timeout);

    public Task WaitForFileAsync(string path, TimeSpan? timeout = null) =>
        WaitUntilAsync(() => File.Exists(path), $"{path} to exist", timeout);

    public Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => WhileRunning(condition)(), what, timeout);

    /// <summary>Stops a wait at once when the service has shut itself down (a background service crashed).</summary>
    private T WhileRunning<T>(T value)
    {
        if (_started && Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested)
            throw new Xunit.Sdk.XunitException("The service stopped by itself while the test waited; its log above says why.");
        return value;
    }

    /// <summary>Reads the database directly, beside the service, to check what it stored.</summary>
    public async Task<T> QueryScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException($"no value for {sql}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_started)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _app.StopAsync(timeout.Token);
            }
        }
        finally
        {
            await _app.DisposeAsync();
            SqliteConnection.ClearAllPools();
            _ownedRoot?.Dispose();
        }
    }
}

/// <summary>What a test changes about the real host: its clock, or the appsettings.json in its content root.</summary>
/// <param name="ContentRoot">A folder of the test's own, kept after the app stops; a new temp folder when null.</param>
public sealed record TestAppSetup(TimeProvider? Time = null, string? AppSettingsJson = null, string? ContentRoot = null);

/// <summary>
/// Tests that start the real host run one at a time: each host runs a watcher, Kestrel and a scheduler, and on a 2-core
/// machine several at once only make every wait longer.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealAppCollection
{
    public const string Name = "real app";
}
