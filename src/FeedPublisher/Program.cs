using FeedPublisher.Articles;
using FeedPublisher.Feeds;
using FeedPublisher.Inbox;
using FeedPublisher.Scheduling;
using FeedPublisher.Site;
using FeedPublisher.Storage;
using FeedPublisher.Web;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddBuildOutputSettingsWhenContentRootHasNone(builder.Environment);

builder.Services.AddSingleton(TimeProvider.System);
builder.AddSite();
builder.AddInbox();
builder.AddArticles();
builder.AddStorage();
builder.AddFeeds();
builder.AddScheduling();
builder.AddWeb();

var app = builder.Build();
app.MapFeedPublisherEndpoints();
app.Run();

/// <summary>Entry point, visible to the tests that start the real host.</summary>
public partial class Program;
