using FeedPublisher.Articles;
using FeedPublisher.Cluster;
using FeedPublisher.Feeds;
using FeedPublisher.Inbox;
using FeedPublisher.Intake;
using FeedPublisher.Scheduling;
using FeedPublisher.Site;
using FeedPublisher.Storage;
using FeedPublisher.Status;
using FeedPublisher.Web;
using FeedPublisher.WebSub;
using Microsoft.Extensions.Options;

namespace FeedPublisher;

/// <summary>The whole service, one stage per line. Program runs it; tests start the same host on temp folders.</summary>
public static class FeedPublisherApp
{
    /// <param name="configure">For tests: runs after every stage is added, before the host is built.</param>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The slim builder leaves out what a feed server does not use (IIS integration, HTTP/3, HTTPS certificate
        // loading, extra logging providers), which saves start-up time and idle memory.
        // Configuration is read once at start. Reloading it on change would watch the whole content root, inbox
        // included, with a recursive FileSystemWatcher that wakes for every article dropped in.
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
        builder.Configuration.AddBuildOutputSettingsWhenContentRootHasNone(builder.Environment);
        var movedSettings = MovedSettings.Apply(builder.Configuration);
        builder.Services.AddHostedService(services => new MovedSettingsWarning(movedSettings, services.GetRequiredService<ILogger<MovedSettingsWarning>>()));

        builder.Services.AddSingleton(TimeProvider.System);
        // Under systemd: readiness (Type=notify) and journal-friendly logs; elsewhere it does nothing.
        builder.Services.AddSystemd();
        builder.AddSite();
        builder.AddInbox();
        builder.AddArticles();
        builder.AddStorage();
        builder.AddFeeds();
        builder.AddScheduling();
        builder.AddStatus();
        builder.AddWebSub();
        builder.AddWeb();
        builder.AddCluster();
        builder.AddIntake();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapFeedPublisherEndpoints();
        return app;
    }

    /// <summary>The exit code of a service that refused its configuration (README, Configuration).</summary>
    public const int ConfigurationErrorExitCode = 2;

    /// <summary>
    /// Every message of the options validation the host runs when it starts (each stage's ValidateOnStart), or none:
    /// values a validator refused, and values the binder could not convert ("ten" for a number). Anything else is a
    /// fault, not a setting, and surfaces as it is.
    /// </summary>
    public static IReadOnlyList<string> ConfigurationErrors(WebApplication app)
    {
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
            return StoredSettingProblem(app) is { } problem ? [problem] : [];
        }
        // Errors in more than one options class come together.
        catch (AggregateException ex) when (ex.InnerExceptions.All(IsConfigurationError))
        {
            return ex.InnerExceptions.SelectMany(Messages).Distinct().ToArray();
        }
        catch (Exception ex) when (IsConfigurationError(ex))
        {
            return Messages(ex).Distinct().ToArray();
        }
    }

    /// <summary>
    /// A setting the database has recorded and the configuration contradicts. A database that cannot be read here is
    /// not a configuration error: start-up (or the command) meets it and reports it as what it is.
    /// </summary>
    private static string? StoredSettingProblem(WebApplication app)
    {
        try
        {
            return ArchivePageSizeCheck.ProblemAsync(app.Services, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            return null;
        }
    }

    /// <summary>
    /// A validator's refusal, or the binder's "Failed to convert configuration value '…' at 'Key' to type '…'", which
    /// it throws as an InvalidOperationException around the converter's own exception.
    /// </summary>
    private static bool IsConfigurationError(Exception ex) => ex is OptionsValidationException
        or InvalidOperationException { InnerException: FormatException or ArgumentException or OverflowException or NotSupportedException };

    private static IEnumerable<string> Messages(Exception error) =>
        error is OptionsValidationException { Failures: var failures } && failures.Any() ? failures : [error.Message];
}
