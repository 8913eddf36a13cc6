using System.Reflection;
using Xunit.Sdk;

namespace FeedPublisher.Tests.Support;

/// <summary>The store backends the contract tests run on.</summary>
public enum StoreBackend
{
    Sqlite,
    Postgres,
}

// A store contract test is a theory over the backends: [Theory, OnSqlite, OnPostgres]. Each attribute gives one row, so
// the PostgreSQL row is reported as skipped, with the reason, where there is no server, and the SQLite row still runs.

/// <summary>Runs the theory on the SQLite store.</summary>
[DataDiscoverer("Xunit.Sdk.DataDiscoverer", "xunit.core")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class OnSqliteAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StoreBackend.Sqlite]];
}

/// <summary>Runs the theory on the PostgreSQL store; skipped, with the reason, where no test server is configured.</summary>
[DataDiscoverer("Xunit.Sdk.DataDiscoverer", "xunit.core")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class OnPostgresAttribute : DataAttribute
{
    public OnPostgresAttribute()
    {
        if (TestPostgres.SkipReason is { } reason)
            Skip = reason;
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StoreBackend.Postgres]];
}

/// <summary>A fact about PostgreSQL alone; skipped, with the reason, where no test server is configured.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestPostgres.SkipReason is { } reason)
            Skip = reason;
    }
}
