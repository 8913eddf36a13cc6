using FeedPublisher.Storage;

namespace FeedPublisher.Commands;

/// <summary>
/// The service's own services for a command, built from the same configuration as the server (appsettings.json, the
/// environment, <c>--Key:Path=value</c> overrides), but not started: no inbox, scheduler or web server. Logs go to
/// stderr and only from warnings up, so stdout carries nothing but the command's data.
/// </summary>
public sealed class CommandHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CommandHost(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Builds the services and brings the database's schema up to date.</summary>
    /// <exception cref="CommandFailure">A configuration error (exit 2) or a database that cannot be opened (exit 3).</exception>
    public static async Task<CommandHost> OpenAsync(IReadOnlyList<string> configurationArgs, CancellationToken cancellationToken)
    {
        string[] args =
        [
            "--Logging:LogLevel:Default=Warning",
            "--Logging:Console:LogToStandardErrorThreshold=Trace",
            .. configurationArgs,
        ];
        var app = FeedPublisherApp.Create(args);
        var host = new CommandHost(app);
        try
        {
            if (FeedPublisherApp.ConfigurationErrors(app) is { Count: > 0 } errors)
                throw new CommandFailure(ExitCodes.Usage, string.Join(Environment.NewLine, errors.Select(e => $"configuration error: {e}")));
            try
            {
                await host.Get<IArticleStore>().MigrateAsync(cancellationToken);
                // The same check the server makes at start, recording the size when none is: a command must not write
                // archives with another page size either.
                if (await Feeds.ArchivePageSizeCheck.KeepAsync(app.Services, cancellationToken) is { } problem)
                    throw new CommandFailure(ExitCodes.Usage, $"configuration error: {problem}");
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or NewerSchemaException or InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                throw new CommandFailure(ExitCodes.StorageUnavailable, $"the database cannot be opened: {Innermost(ex).Message}");
            }
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private static Exception Innermost(Exception ex) => ex.InnerException is { } inner ? Innermost(inner) : ex;

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
