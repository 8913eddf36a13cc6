using FeedPublisher.Articles;
using FeedPublisher.Inbox;
using FeedPublisher.Site;

namespace FeedPublisher.Tests.Support;

/// <summary>The repository's appsettings.json as copied to the build output: the options the service ships with.</summary>
public static class ShippedSettings
{
    private static readonly Lazy<IConfigurationRoot> Configuration = new(() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false)
        .Build());

    public static SiteOptions Site() => Configuration.Value.GetSection(SiteOptions.Section).Get<SiteOptions>()
        ?? throw new InvalidOperationException("appsettings.json has no Site section");

    public static ArticlesOptions Articles() => Configuration.Value.GetSection(ArticlesOptions.Section).Get<ArticlesOptions>()
        ?? throw new InvalidOperationException("appsettings.json has no Articles section");

    public static InboxOptions Inbox() => Configuration.Value.GetSection(InboxOptions.Section).Get<InboxOptions>()
        ?? throw new InvalidOperationException("appsettings.json has no Inbox section");
}
