using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.EndToEnd;

/// <summary><c>POST /api/articles</c> on the real host: tokens, idempotency by id and content, the failed note's message, the size limit.</summary>
[Collection(RealAppCollection.Name)]
public sealed class HttpIntakeTests
{
    private const string Token = "test-token-0123456789abcdef0123456789abcdef";
    private const string OtherToken = "other-token-0123456789abcdef0123456789abcdef";

    private static string Article(string title, string body = "The council voted.") =>
        $"---\ntitle: {title}\nid: budget-vote\nauthors: [Jane Doe]\ntags: [Budget]\ndate: 2024-03-01T09:00:00Z\n---\n\n{body}\n";

    private static HttpRequestMessage Post(string? token, string? fileName, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles") { Content = new StringContent(body, Encoding.UTF8, "text/markdown") };
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (fileName is not null)
            request.Headers.Add("X-File-Name", fileName);
        return request;
    }

    [Fact]
    public async Task A_pushed_article_is_created_once_updated_on_new_content_and_served_in_the_feeds()
    {
        await using var app = await TestApp.StartAsync($"--Intake:Tokens:0={OtherToken}", $"--Intake:Tokens:1={Token}");
        using var client = FeedHttp.CreateClient(app.BaseAddress!);

        using var created = await client.SendAsync(Post(Token, "budget-vote.md", Article("Budget vote passes")));
        using var repeated = await client.SendAsync(Post(Token, "budget-vote.md", Article("Budget vote passes")));
        using var updated = await client.SendAsync(Post(OtherToken, "budget-vote.md", Article("Budget vote passes", "The council voted, 31 to 20.")));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var first = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        Assert.Equal("created", first.RootElement.GetProperty("outcome").GetString());
        Assert.Equal("budget-vote", first.RootElement.GetProperty("id").GetString());
        Assert.Equal(first.RootElement.GetProperty("url").GetString(), created.Headers.Location?.AbsoluteUri);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Contains("\"outcome\":\"unchanged\"", await repeated.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Contains("\"outcome\":\"updated\"", await updated.Content.ReadAsStringAsync());
        Assert.Equal(1L, await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM articles"));
        await app.WaitUntilAsync(() => FeedHttp.Serves(client, "/tags/budget/atom.xml", "31 to 20"), "the pushed update served");
        Assert.Empty(Directory.GetFiles(app.InboxPath));
    }

    [Fact]
    public async Task Without_a_valid_token_nothing_is_stored_and_the_answer_is_401()
    {
        await using var app = await TestApp.StartAsync($"--Intake:Tokens:0={Token}");
        using var client = FeedHttp.CreateClient(app.BaseAddress!);

        using var none = await client.SendAsync(Post(null, "a.md", Article("A")));
        using var wrong = await client.SendAsync(Post(Token[..^1] + "x", "a.md", Article("A")));
        using var noName = await client.SendAsync(Post(Token, null, Article("A")));
        using var folder = await client.SendAsync(Post(Token, "../a.md", Article("A")));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
        Assert.Contains("X-File-Name", await noName.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, folder.StatusCode);
        Assert.Equal(0L, await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM articles"));
    }

    [Fact]
    public async Task A_bad_article_gets_422_with_the_failed_notes_message_and_an_oversized_one_413()
    {
        await using var app = await TestApp.StartAsync($"--Intake:Tokens:0={Token}", "--Inbox:MaxFileBytes=2000");
        using var client = FeedHttp.CreateClient(app.BaseAddress!);

        using var bad = await client.SendAsync(Post(Token, "broken.md", "---\ntitle: [unclosed\n---\n\nText.\n"));
        using var big = await client.SendAsync(Post(Token, "big.md", Article("Big", new string('x', 5000))));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        Assert.Equal("FeedPublisher could not publish 'broken.md'", problem.RootElement.GetProperty("title").GetString());
        Assert.Contains("line", problem.RootElement.GetProperty("detail").GetString());
        Assert.Contains("correct the file", problem.RootElement.GetProperty("fix").GetString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Contains("Inbox:MaxFileBytes", await big.Content.ReadAsStringAsync());
        Assert.Equal(0L, await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM articles"));
    }

    [Fact]
    public async Task Without_tokens_the_endpoint_does_not_exist_and_a_short_token_is_refused_at_start()
    {
        await using var app = await TestApp.StartAsync();
        using var client = FeedHttp.CreateClient(app.BaseAddress!);

        using var response = await client.SendAsync(Post(Token, "a.md", Article("A")));
        var refused = await ServiceProcess.RunUntilExitAsync("--Intake:Tokens:0=short");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Intake:Tokens:0 must be at least 32 characters", refused.Output + refused.Errors);
    }
}
