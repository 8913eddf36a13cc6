using Microsoft.Extensions.Options;
using Npgsql;

namespace FeedPublisher.Storage.Postgres;

internal sealed class PostgresStorageOptionsValidator : IValidateOptions<StorageOptions>
{
    private const string Example = "'Host=db.example;Database=feedpublisher;Username=feedpublisher;Password=…'";

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        // The shipped appsettings.json names the SQLite file; switching the provider alone leaves it in place.
        if (options.ConnectionString.Contains("Data Source", StringComparison.OrdinalIgnoreCase))
            return ValidateOptionsResult.Fail(
                $"Storage:ConnectionString must name a PostgreSQL server when Storage:Provider is postgres, such as {Example}; it is still the SQLite file's ('{options.ConnectionString}').");
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
                return ValidateOptionsResult.Fail(
                    $"Storage:ConnectionString must name a PostgreSQL server when Storage:Provider is postgres, such as {Example} (it names no Host).");
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            return ValidateOptionsResult.Fail(
                $"Storage:ConnectionString is not a PostgreSQL connection string (Storage:Provider is postgres): {ex.Message}");
        }
    }
}
