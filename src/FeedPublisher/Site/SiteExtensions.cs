using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Site;

public static class SiteExtensions
{
    public static IHostApplicationBuilder AddSite(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SiteOptions>, SiteOptionsValidator>();
        builder.Services.AddSingleton<SiteUrls>();
        return builder;
    }

    /// <summary>
    /// The repository root's appsettings.json is the configuration. Started from the root it is the content root's;
    /// started from anywhere else, the copy in the build output is used, below environment variables and the command line.
    /// </summary>
    public static void AddBuildOutputSettingsWhenContentRootHasNone(this ConfigurationManager configuration, IHostEnvironment environment)
    {
        if (File.Exists(Path.Combine(environment.ContentRootPath, "appsettings.json")))
            return;
        if (!File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json")))
            return;
        configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
            Path = "appsettings.json",
            Optional = true,
            ReloadOnChange = false,
        });
    }
}
