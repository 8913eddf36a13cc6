namespace FeedPublisher.Site;

/// <summary>
/// Configuration keys that moved to the stage that owns them. An old key still works where the new one is not set;
/// either way the start-up log says what to change.
/// </summary>
public static class MovedSettings
{
    public static readonly IReadOnlyList<(string From, string To)> All =
    [
        ("Inbox:TrailerPatterns", "Articles:TrailerPatterns"),
        ("Feeds:Schedule", "Scheduling:RegenerationSchedule"),
    ];

    /// <summary>A key found under its old name: copied to the new one, or ignored because the new one is set too.</summary>
    public sealed record Found(string From, string To, bool Ignored);

    /// <summary>
    /// Copies each old key's values to its new key where the old one is set in a more specific source than the new one
    /// (the command line over environment variables over appsettings.json): an old key on the command line still beats
    /// the new key in the shipped appsettings.json.
    /// </summary>
    public static IReadOnlyList<Found> Apply(ConfigurationManager configuration)
    {
        var found = new List<Found>();
        var copied = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var providers = ((IConfigurationRoot)configuration).Providers.Reverse().ToArray();
        foreach (var (from, to) in All)
        {
            var old = configuration.GetSection(from);
            if (!old.Exists())
                continue;
            var ignored = Array.FindIndex(providers, p => Holds(p, to)) is var newAt and >= 0
                && newAt <= Array.FindIndex(providers, p => Holds(p, from));
            found.Add(new Found(from, to, ignored));
            if (ignored)
                continue;
            // A single value, or the children of a list or section (which leave out the section itself).
            if (old.Value is not null)
                copied[to] = old.Value;
            foreach (var (key, value) in old.AsEnumerable(makePathsRelative: true))
                copied[$"{to}:{key}"] = value;
        }
        if (copied.Count > 0)
            configuration.AddInMemoryCollection(copied);
        return found;
    }

    private static bool Holds(IConfigurationProvider provider, string key) =>
        provider.TryGet(key, out _) || provider.GetChildKeys([], key).Any();
}

/// <summary>Logs, once at start-up, each setting still found under its old name.</summary>
internal sealed class MovedSettingsWarning(IReadOnlyList<MovedSettings.Found> found, ILogger<MovedSettingsWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var setting in found)
        {
            if (setting.Ignored)
                logger.LogWarning("Setting {OldKey} has moved to {NewKey}, which is also set; {OldKey} is ignored: remove it", setting.From, setting.To, setting.From);
            else
                logger.LogWarning("Setting {OldKey} has moved to {NewKey}; it is still read for now: rename it", setting.From, setting.To);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
