using Microsoft.Extensions.Options;

namespace FeedPublisher.Articles;

public static class ArticlesExtensions
{
    public static IHostApplicationBuilder AddArticles(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ArticlesOptions>().BindConfiguration(ArticlesOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ArticlesOptions>, ArticlesOptionsValidator>();
        builder.Services.AddSingleton<ArticleHtmlRenderer>();
        builder.Services.AddSingleton<ArticleParser>();
        return builder;
    }
}
