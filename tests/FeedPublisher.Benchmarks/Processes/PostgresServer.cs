namespace FeedPublisher.Benchmarks.Processes;

/// <summary>A throw-away PostgreSQL server on loopback, from .ci/postgres-server (which installs it when missing).</summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _script;
    private readonly string _folder;

    private PostgresServer(string script, string folder, string connectionString)
    {
        _script = script;
        _folder = folder;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<PostgresServer> StartAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var script = Path.Combine(repositoryRoot, ".ci", "postgres-server");
        var result = await ChildProcess.RunAsync("bash", [script, "start"], TimeSpan.FromMinutes(5), cancellationToken: cancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"PostgreSQL did not start: {result.Errors}");
        var exports = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith("export ", StringComparison.Ordinal))
            .Select(line => line["export ".Length..].Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1].Trim('\''));
        return new PostgresServer(script, exports["PG_TEST_DIR"], exports["FEEDPUBLISHER_TEST_POSTGRES"]);
    }

    public async ValueTask DisposeAsync() =>
        await ChildProcess.RunAsync("bash", [_script, "stop", _folder], TimeSpan.FromMinutes(1));
}
