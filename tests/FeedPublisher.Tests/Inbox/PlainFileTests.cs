using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FeedPublisher.Inbox;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Inbox;

/// <summary>
/// What an operator whose inbox an upload account or an export job can write into expects of the running service:
/// only regular files are read, and nothing odd in the inbox stops or hides anything.
/// </summary>
[Collection(RealAppCollection.Name)]
public sealed class PlainFileTests
{
    private const string HarbourTitle = "Harbour workers stop the port after wage talks collapse";

    [Fact]
    public async Task Named_pipe_in_the_inbox_goes_to_failed_with_a_note_and_articles_after_it_are_published()
    {
        await using var app = await TestApp.StartAsync();
        // Both moved in whole, so they are taken at once, together, the pipe first in name order: reading it must
        // not hold up the article beside it.
        var staging = Path.Combine(app.Root, "staging");
        MakeFifo(Path.Combine(staging, "a-pipe.md"));
        await File.WriteAllBytesAsync(Path.Combine(staging, "b-article.md"), TestFiles.FixtureBytes("harbour-strike.md"));
        await app.WaitUntilAsync(() => app.Services.GetRequiredService<InboxStatus>().Watching, "the inbox watcher");
        File.Move(Path.Combine(staging, "a-pipe.md"), Path.Combine(app.InboxPath, "a-pipe.md"));
        File.Move(Path.Combine(staging, "b-article.md"), Path.Combine(app.InboxPath, "b-article.md"));

        await app.WaitForFeedAsync(app.RssPath, f => f.Items.Any(i => i.Title == HarbourTitle), "the article beside the pipe");
        var note = await NoteAsync(app, "a-pipe.md");

        Assert.Contains("named pipe (FIFO)", note);
        Assert.Contains("regular file", note);
        Assert.Equal(InboxEntryKind.NamedPipe, KindOf(Path.Combine(app.FailedPath, "a-pipe.md")));
        Assert.Empty(app.FileNamesIn(app.InboxPath));
    }

    [Fact]
    public async Task Link_to_a_directory_named_like_an_article_goes_to_failed_with_a_note()
    {
        await using var app = await TestApp.StartAsync();
        var folder = Path.Combine(app.Root, "some-folder");
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(app.InboxPath);
        Directory.CreateSymbolicLink(Path.Combine(app.InboxPath, "folder-link.md"), folder);

        var note = await NoteAsync(app, "folder-link.md");

        Assert.Contains("symbolic link", note);
        Assert.Equal(folder, new DirectoryInfo(Path.Combine(app.FailedPath, "folder-link.md")).LinkTarget);
    }

    [Fact]
    public async Task Symbolic_link_to_a_file_outside_the_inbox_is_not_published_and_the_link_goes_to_failed()
    {
        await using var app = await TestApp.StartAsync();
        var outside = Path.Combine(app.Root, "secret-article.md");
        await File.WriteAllBytesAsync(outside, TestFiles.FixtureBytes("harbour-strike.md"));
        Directory.CreateDirectory(app.InboxPath);
        File.CreateSymbolicLink(Path.Combine(app.InboxPath, "leak.md"), outside);

        var note = await NoteAsync(app, "leak.md");

        Assert.Contains("symbolic link", note);
        Assert.Contains(outside, note);
        Assert.Contains("Inbox:FollowSymlinks", note);
        Assert.Equal(outside, new FileInfo(Path.Combine(app.FailedPath, "leak.md")).LinkTarget);
        Assert.Equal(TestFiles.FixtureBytes("harbour-strike.md"), await File.ReadAllBytesAsync(outside));
        Assert.Equal(0, await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM articles"));
    }

    [Fact]
    public async Task Link_that_loops_goes_to_failed_instead_of_being_retried()
    {
        await using var app = await TestApp.StartAsync("--Inbox:FollowSymlinks=true");
        Directory.CreateDirectory(app.InboxPath);
        File.CreateSymbolicLink(Path.Combine(app.InboxPath, "loop.md"), "loop.md");

        var note = await NoteAsync(app, "loop.md");

        Assert.Contains("loops", note);
        Assert.Empty(app.FileNamesIn(app.InboxPath));
    }

    [Fact]
    public async Task With_FollowSymlinks_a_link_to_an_article_is_published_and_its_target_is_left_in_place()
    {
        await using var app = await TestApp.StartAsync("--Inbox:FollowSymlinks=true");
        var target = Path.Combine(app.Root, "exported.md");
        await File.WriteAllBytesAsync(target, TestFiles.FixtureBytes("harbour-strike.md"));
        Directory.CreateDirectory(app.InboxPath);
        File.CreateSymbolicLink(Path.Combine(app.InboxPath, "linked.md"), target);

        await app.WaitForFeedAsync(app.RssPath, f => f.Items.Any(i => i.Title == HarbourTitle), "the linked article in rss.xml");
        await app.WaitForFileAsync(Path.Combine(app.ProcessedPath, "linked.md"));

        Assert.Equal(target, new FileInfo(Path.Combine(app.ProcessedPath, "linked.md")).LinkTarget);
        Assert.True(File.Exists(target));
    }

    [Fact]
    public async Task Socket_in_the_inbox_goes_to_failed_with_a_note()
    {
        await using var app = await TestApp.StartAsync();
        Directory.CreateDirectory(app.InboxPath);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(app.InboxPath, "socket.md")));

        Assert.Contains("a socket", await NoteAsync(app, "socket.md"));
    }

    [Fact]
    public async Task Unparsable_file_with_a_name_too_long_for_its_note_reaches_failed_with_a_shortened_note()
    {
        await using var app = await TestApp.StartAsync();
        var name = new string('n', 247) + ".md"; // 250 bytes: name + ".error.txt" would be 260
        app.DropIntoInbox(name, TestFiles.FixtureBytes("no-title.md"));

        await app.WaitForFileAsync(Path.Combine(app.FailedPath, name));
        var noteName = InboxFileMover.NoteNameFor(name);
        await app.WaitForFileAsync(Path.Combine(app.FailedPath, noteName));
        var note = await File.ReadAllTextAsync(Path.Combine(app.FailedPath, noteName));

        Assert.True(Encoding.UTF8.GetByteCount(noteName) <= 255, noteName);
        Assert.StartsWith(new string('n', 200), noteName);
        Assert.EndsWith(".error.txt", noteName);
        Assert.Contains($"'{name}'", note);
        Assert.Contains("shortened", note);
        Assert.Equal([name, noteName], app.FileNamesIn(app.FailedPath).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task File_named_in_Latin_1_is_reported_once_in_the_log_and_on_healthz_and_others_are_published()
    {
        await using var app = await TestApp.StartAsync();
        Directory.CreateDirectory(app.InboxPath);
        // "café.md" in Latin-1: the byte E9 alone is not UTF-8.
        Run("/bin/sh", app.InboxPath, "-c", "printf '# Caf\\351\\n\\nText.\\n' > \"$(printf 'caf\\351.md')\"");
        app.DropIntoInbox("harbour-strike.md", TestFiles.FixtureBytes("harbour-strike.md"));
        using var client = FeedHttp.CreateClient(app.BaseAddress!);

        await app.WaitForFeedAsync(app.RssPath, f => f.Items.Any(i => i.Title == HarbourTitle), "the UTF-8 named article in rss.xml");
        var health = await Eventually.ValueAsync(() =>
        {
            using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, "/healthz"));
            var json = JsonDocument.Parse(response.Content.ReadAsStream());
            return json.RootElement.GetProperty("inbox").GetProperty("unreadableNames").GetArrayLength() > 0 ? json : null;
        }, "/healthz to list the unreadable name");
        var inbox = health.RootElement;
        // Several rescans later (one a second here), the warning has still been logged only once.
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.Equal("degraded", inbox.GetProperty("status").GetString());
        Assert.Equal("caf\uFFFD.md", inbox.GetProperty("inbox").GetProperty("unreadableNames")[0].GetString());
        Assert.True(1 == app.Logs.Count(message => message.Contains("not valid UTF-8")), string.Join("\n", app.Logs.Lines));
    }

    private static async Task<string> NoteAsync(TestApp app, string fileName)
    {
        var notePath = Path.Combine(app.FailedPath, fileName + InboxFileMover.ErrorSidecarSuffix);
        await app.WaitForFileAsync(notePath);
        await app.WaitUntilAsync(() => Path.Exists(Path.Combine(app.FailedPath, fileName)) || new FileInfo(Path.Combine(app.FailedPath, fileName)).LinkTarget is not null,
            $"{fileName} in failed/");
        return await File.ReadAllTextAsync(notePath);
    }

    private static InboxEntryKind KindOf(string path)
    {
        var entry = InboxFileOpener.Open(path, followSymlinks: false);
        entry.Handle?.Dispose();
        return entry.Kind;
    }

    private static void MakeFifo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Run("mkfifo", "/", path);
    }

    private static void Run(string program, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
