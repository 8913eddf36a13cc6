using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Storage.Sqlite;

internal sealed class SqliteStorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (options.UsesPostgres)
            return ValidateOptionsResult.Skip;
        if (!string.Equals(options.Provider, StorageOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
            return ValidateOptionsResult.Fail($"Storage:Provider is '{options.Provider}'; it must be 'sqlite' (the default) or 'postgres'.");
        try
        {
            var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
            if (string.IsNullOrWhiteSpace(builder.DataSource))
                return ValidateOptionsResult.Fail("Storage:ConnectionString must name a database file, such as 'Data Source=data/feedpublisher.db'.");
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            return ValidateOptionsResult.Fail($"Storage:ConnectionString is not a valid SQLite connection string: {ex.Message}");
        }
    }
}
