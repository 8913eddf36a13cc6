using FeedPublisher.Tests.Support;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Tests.EndToEnd;

[Collection(RealAppCollection.Name)]
public sealed class StartupTests
{
    [Theory]
    [InlineData("--Feeds:ItemCount=0", "Feeds:ItemCount")]
    [InlineData("--Site:BaseUrl=not-a-url", "Site:BaseUrl")]
    [InlineData("--Site:TimeZone=Mars/Olympus_Mons", "Site:TimeZone")]
    [InlineData("--Scheduling:RegenerationSchedule=every minute", "Scheduling:RegenerationSchedule")]
    [InlineData("--Scheduling:SchedulerName= ", "Scheduling:SchedulerName")]
    [InlineData("--Articles:TrailerPatterns:0=(unclosed", "Articles:TrailerPatterns:0")]
    public async Task Bad_option_makes_start_up_fail_with_a_message_naming_the_key(string argument, string key)
    {
        await using var app = TestApp.Create(argument);
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(app.StartAsync);
        Assert.Contains(key, ex.Message);
    }

    [Fact]
    public async Task Empty_service_writes_empty_but_valid_feeds_at_start_up()
    {
        await using var app = await TestApp.StartAsync();
        var rss = await app.WaitForFeedAsync(app.RssPath, _ => true, "rss.xml after start-up");
        var atom = await app.WaitForFeedAsync(app.AtomPath, _ => true, "atom.xml after start-up");
        Assert.Empty(rss.Items);
        Assert.Empty(atom.Items);
        Assert.Equal("FeedPublisher", rss.Title);
        Assert.True(File.Exists(app.DatabasePath));
        Assert.StartsWith(app.Root, app.DatabasePath);
    }
}
