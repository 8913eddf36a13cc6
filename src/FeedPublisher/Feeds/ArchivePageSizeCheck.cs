using System.Globalization;
using FeedPublisher.Storage;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Feeds;

/// <summary>
/// The archive page size is part of the archives: an article's page follows from its place and the page size, so a
/// new size would move almost every article to another page, under URLs readers have cached as immutable. The size in
/// force when the first archive was made is recorded in the database; a start with another one is refused.
/// </summary>
internal sealed class ArchivePageSizeCheck(IArticleStore store, IOptions<FeedsOptions> options) : IHostedLifecycleService
{
    public const string SettingName = "archive_page_size";

    /// <summary>After the migrations (registered after them): records the size, or refuses a different one.</summary>
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.PageSize;
        var kept = await store.KeepSettingAsync(SettingName, configured.ToString(CultureInfo.InvariantCulture), cancellationToken);
        if (Problem(options.Value, kept) is { } problem)
            throw new InvalidOperationException(problem);
    }

    /// <summary>As at start-up, for a command: records the size when none is, and says why not when another one is.</summary>
    public static async Task<string?> KeepAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<FeedsOptions>>().Value;
        var kept = await services.GetRequiredService<IArticleStore>()
            .KeepSettingAsync(SettingName, options.PageSize.ToString(CultureInfo.InvariantCulture), cancellationToken);
        return Problem(options, kept);
    }

    /// <summary>The refusal, plainly, for the configuration check before the host starts; null when the sizes agree.</summary>
    public static async Task<string?> ProblemAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var stored = await services.GetRequiredService<IArticleStore>().FindSettingAsync(SettingName, cancellationToken);
        return Problem(services.GetRequiredService<IOptions<FeedsOptions>>().Value, stored);
    }

    private static string? Problem(FeedsOptions options, string? stored)
    {
        if (stored is null || !int.TryParse(stored, CultureInfo.InvariantCulture, out var size) || size == options.PageSize)
            return null;
        return $"this database's archive pages hold {size} articles each, but Feeds:ArchivePageSize = {options.ArchivePageSize} " +
            $"and Feeds:ItemCount = {options.ItemCount} give pages of {options.PageSize} (the smaller of the two). A new page size " +
            "would move almost every article to another archive page, under addresses readers keep for good. Set " +
            $"Feeds:ArchivePageSize back to {size} (and Feeds:ItemCount to at least {size}), or start with a new database.";
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
