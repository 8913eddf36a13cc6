using System.Net;
using System.Text.Json;
using FeedPublisher.Tests.Support;
using Microsoft.Data.Sqlite;

namespace FeedPublisher.Tests.Web;

[Collection(RealAppCollection.Name)]
public sealed class HealthTests
{
    [Fact]
    public async Task Health_says_healthy_with_a_reachable_database_a_regeneration_time_and_the_inbox_backlog()
    {
        await using var app = await TestApp.StartAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);

        // The start-up regeneration may still be running when the host reports started.
        var health = await HealthAfterAsync(app, client, h => h.RootElement.GetProperty("feeds").GetProperty("lastRegeneration").ValueKind != JsonValueKind.Null);

        Assert.Equal(HttpStatusCode.OK, health.Status);
        var root = health.Json.RootElement;
        Assert.Equal("healthy", root.GetProperty("status").GetString());
        Assert.True(root.GetProperty("database").GetProperty("reachable").GetBoolean());
        Assert.True(root.GetProperty("feeds").GetProperty("lastRegeneration").TryGetDateTimeOffset(out _));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("feeds").GetProperty("lastError").ValueKind);
        Assert.Equal(0, root.GetProperty("inbox").GetProperty("backlog").GetInt32());
    }

    [Theory]
    [InlineData("directory")]
    [InlineData("garbage")]
    public async Task Health_is_503_with_the_database_unreachable_when_the_database_file_is_replaced(string replacement)
    {
        await using var app = await TestApp.StartAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);
        await HealthAfterAsync(app, client, h => h.RootElement.GetProperty("database").GetProperty("reachable").GetBoolean());

        foreach (var file in new[] { app.DatabasePath, app.DatabasePath + "-wal", app.DatabasePath + "-shm" })
            File.Delete(file);
        if (replacement == "directory")
            Directory.CreateDirectory(app.DatabasePath);
        else
            await File.WriteAllBytesAsync(app.DatabasePath, System.Text.Encoding.ASCII.GetBytes(new string('x', 8192)));
        // Pooled connections keep the deleted file open and would go on answering from it (without this line /healthz
        // still said healthy 15 s later); the ping has to meet the replacement through a fresh connection.
        SqliteConnection.ClearAllPools();

        var health = await HealthAfterAsync(app, client, h => !h.RootElement.GetProperty("database").GetProperty("reachable").GetBoolean());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.Status);
        Assert.Equal("unhealthy", health.Json.RootElement.GetProperty("status").GetString());
        Assert.Equal("application/json; charset=utf-8", health.ContentType);
    }

    private static async Task<(HttpStatusCode Status, string? ContentType, JsonDocument Json)> HealthAfterAsync(
        TestApp app, HttpClient client, Func<JsonDocument, bool> condition)
    {
        (HttpStatusCode, string?, JsonDocument)? last = null;
        await app.WaitUntilAsync(() =>
        {
            using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, "/healthz"));
            var json = JsonDocument.Parse(response.Content.ReadAsStream());
            last = (response.StatusCode, FeedHttp.Header(response, "Content-Type"), json);
            return condition(json);
        }, "/healthz to answer as expected");
        return last!.Value;
    }
}
