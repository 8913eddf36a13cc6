namespace FeedPublisher.Articles;

public static class ArticlesExtensions
{
    public static IHostApplicationBuilder AddArticles(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ArticleHtmlRenderer>();
        builder.Services.AddSingleton<ArticleParser>();
        return builder;
    }
}
