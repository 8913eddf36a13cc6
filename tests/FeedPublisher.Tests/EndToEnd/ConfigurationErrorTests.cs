using System.Text.RegularExpressions;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.EndToEnd;

/// <summary>What an operator sees when the service refuses its configuration: the message, once, and no stack trace.</summary>
[Collection(RealAppCollection.Name)]
public sealed class ConfigurationErrorTests
{
    private const string StorageMessage = "Storage:ConnectionString is not a valid SQLite connection string";

    [Fact]
    public async Task Bad_setting_stops_the_service_with_its_message_once_on_stderr_and_no_stack_trace()
    {
        var exit = await ServiceProcess.RunUntilExitAsync("--Storage:ConnectionString=host=x");

        Assert.Equal(2, exit.ExitCode);
        Assert.Equal(1, Occurrences(exit.Output + exit.Errors, StorageMessage));
        Assert.Contains($"FeedPublisher: configuration error: {StorageMessage}", exit.Errors);
        Assert.Contains("'host' is not supported", exit.Errors);
        Assert.DoesNotContain("   at ", exit.Output + exit.Errors);
    }

    [Fact]
    public async Task Several_bad_settings_in_several_sections_are_each_reported_once()
    {
        var exit = await ServiceProcess.RunUntilExitAsync("--Storage:ConnectionString=host=x", "--Feeds:ItemCount=0", "--Site:BaseUrl=not-a-url");

        Assert.Equal(2, exit.ExitCode);
        foreach (var key in new[] { StorageMessage, "Feeds:ItemCount is 0", "Site:BaseUrl 'not-a-url'" })
            Assert.Equal(1, Occurrences(exit.Errors, key));
        Assert.DoesNotContain("   at ", exit.Output + exit.Errors);
    }

    [Theory]
    [InlineData("--Feeds:ItemCount=ten", "'Feeds:ItemCount'")]
    [InlineData("--Inbox:SettleTime=soon", "'Inbox:SettleTime'")]
    public async Task Value_of_the_wrong_type_stops_the_service_with_a_message_naming_the_key_and_no_stack_trace(string argument, string key)
    {
        var exit = await ServiceProcess.RunUntilExitAsync(argument);

        Assert.Equal(2, exit.ExitCode);
        Assert.Contains("FeedPublisher: configuration error: ", exit.Errors);
        Assert.Equal(1, Occurrences(exit.Errors, key));
        Assert.DoesNotContain("   at ", exit.Output + exit.Errors);
    }

    [Fact]
    public async Task A_new_archive_page_size_for_a_database_with_archives_is_refused_with_what_to_do()
    {
        using var root = new TempDirectory();
        await using (var first = await TestApp.StartAsync(new TestAppSetup(ContentRoot: root.Path), "--Feeds:ArchivePageSize=10", "--Feeds:ItemCount=10"))
        {
        }

        var exit = await ServiceProcess.RunUntilExitInAsync(root.Path, "--Feeds:ArchivePageSize=20", "--Feeds:ItemCount=20");

        Assert.Equal(2, exit.ExitCode);
        const string message = "this database's archive pages hold 10 articles each, but Feeds:ArchivePageSize = 20";
        Assert.Equal(1, Occurrences(exit.Errors, message));
        Assert.Contains("Set Feeds:ArchivePageSize back to 10", exit.Errors);
        Assert.DoesNotContain("   at ", exit.Output + exit.Errors);
        // The host refuses it as well, for whoever starts it without Program's check.
        var host = TestApp.Create(new TestAppSetup(ContentRoot: root.Path), "--Feeds:ArchivePageSize=20", "--Feeds:ItemCount=20");
        await using (host)
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);
            Assert.Contains(message, refused.Message);
        }
        // The size it was made with still starts.
        await using var again = await TestApp.StartAsync(new TestAppSetup(ContentRoot: root.Path), "--Feeds:ArchivePageSize=10", "--Feeds:ItemCount=10");
        Assert.NotNull(again.BaseAddress);
    }

    private static int Occurrences(string text, string value) => Regex.Matches(text, Regex.Escape(value)).Count;
}
