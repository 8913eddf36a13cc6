using Npgsql;

namespace FeedPublisher.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests may use: <c>FEEDPUBLISHER_TEST_POSTGRES</c> is a connection string to it (.ci/run
/// starts a throw-away one and sets it). Each test gets a database of its own, dropped afterwards. Where the variable is
/// not set, the PostgreSQL tests are skipped with the reason; where <c>FEEDPUBLISHER_REQUIRE_POSTGRES=1</c> is (CI), they
/// run and fail instead, so a CI run can never pass with them skipped.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "FEEDPUBLISHER_TEST_POSTGRES";
    public const string RequireVariable = "FEEDPUBLISHER_REQUIRE_POSTGRES";

    public static string? ServerConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Why the PostgreSQL tests did not run; null when they run.</summary>
    public static string? SkipReason => ServerConnectionString is null && !Required
        ? $"No PostgreSQL server for the tests: set {Variable} to a connection string (as .ci/run does with a throw-away server)."
        : null;

    /// <summary>A new empty database on the server, and its connection string.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync()
    {
        var server = ServerConnectionString ?? throw new InvalidOperationException(
            $"The PostgreSQL tests must run here ({RequireVariable}=1) but {Variable} is not set: no server to run them on.");
        var name = $"fp_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new TestDatabase(server, name, new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true }.ConnectionString);
    }
}

/// <summary>A database of one test's own; dropped, with any connection still open to it, when disposed.</summary>
public sealed class TestDatabase(string server, string name, string connectionString) : IAsyncDisposable
{
    public string Name { get; } = name;
    public string ConnectionString { get; } = connectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
