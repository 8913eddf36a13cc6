using FeedPublisher;

await FeedPublisherApp.Create(args).RunAsync();

/// <summary>Entry point, visible to the tests that start the real host.</summary>
public partial class Program;
