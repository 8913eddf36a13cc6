using FeedPublisher.Scheduling;
using FeedPublisher.Tests.Support;
using Microsoft.Extensions.Options;

namespace FeedPublisher.Tests.EndToEnd;

/// <summary>An appsettings.json written for an earlier version, with keys that have since moved to their own stage.</summary>
[Collection(RealAppCollection.Name)]
public sealed class MovedSettingsTests
{
    private const string OldSettings = """
        {
          "Inbox": { "TrailerPatterns": [ "(?s)Subscribe to the Gazette.*" ] },
          "Feeds": { "Schedule": "0 0 * * * ?" }
        }
        """;

    [Fact]
    public async Task Old_trailer_and_schedule_keys_still_work_and_each_gets_one_warning_naming_its_new_key()
    {
        await using var app = await TestApp.StartAsync(new TestAppSetup(AppSettingsJson: OldSettings));
        app.DropIntoInbox("gazette.md", "# Gazette article\n\nJane Doe  \n1 March 2024\n\nThe text of the article.\n\nSubscribe to the Gazette for more.\n"u8.ToArray());

        await app.WaitForFeedAsync(app.RssPath, f => f.Items.Count == 1, "the article in rss.xml");
        var content = await app.QueryScalarAsync<string>("SELECT content_html FROM articles");

        Assert.DoesNotContain("Subscribe", content);
        Assert.Equal("0 0 * * * ?", app.Services.GetRequiredService<IOptions<SchedulingOptions>>().Value.RegenerationSchedule);
        Assert.Equal(1, app.Logs.Count(m => m.Contains("Inbox:TrailerPatterns has moved to Articles:TrailerPatterns")));
        Assert.Equal(1, app.Logs.Count(m => m.Contains("Feeds:Schedule has moved to Scheduling:RegenerationSchedule")));
    }

    [Fact]
    public async Task Old_key_on_the_command_line_beats_the_new_key_in_the_shipped_appsettings()
    {
        // The build output's appsettings.json sets Scheduling:RegenerationSchedule; an operator's --Feeds:Schedule
        // is the more specific source and wins, as it did before the key moved.
        await using var app = TestApp.Create("--Feeds:Schedule=0 30 * * * ?");

        Assert.Equal("0 30 * * * ?", app.Services.GetRequiredService<IOptions<SchedulingOptions>>().Value.RegenerationSchedule);
    }

    [Fact]
    public async Task Old_key_beside_its_new_one_is_ignored_with_a_warning()
    {
        const string both = """
            {
              "Inbox": { "TrailerPatterns": [ "(?s)Subscribe to the Gazette.*" ] },
              "Articles": { "TrailerPatterns": [ "(?s)Read more in print.*" ] }
            }
            """;
        await using var app = await TestApp.StartAsync(new TestAppSetup(AppSettingsJson: both));
        app.DropIntoInbox("gazette.md", "# Gazette article\n\nThe text.\n\nSubscribe to the Gazette for more.\n\nRead more in print.\n"u8.ToArray());

        await app.WaitForFeedAsync(app.RssPath, f => f.Items.Count == 1, "the article in rss.xml");
        var content = await app.QueryScalarAsync<string>("SELECT content_html FROM articles");

        Assert.Contains("Subscribe to the Gazette", content);
        Assert.DoesNotContain("Read more in print", content);
        Assert.Equal(1, app.Logs.Count(m => m.Contains("Inbox:TrailerPatterns is ignored")));
    }
}
