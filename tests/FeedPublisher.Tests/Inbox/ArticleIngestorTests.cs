using FeedPublisher.Inbox;
using FeedPublisher.Storage;
using FeedPublisher.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FeedPublisher.Tests.Inbox;

/// <summary>The ingestor with real folders, the real parser and the real SQLite store; no watcher, no host.</summary>
public sealed class ArticleIngestorTests
{
    [Fact]
    public async Task Good_file_is_stored_and_moved_to_processed()
    {
        await using var db = await TestStore.CreateAsync();
        var (ingestor, folders) = Ingestor(db);
        var path = Drop(folders, "harbour-strike.md");

        var outcome = Assert.Single(await ingestor.IngestAsync([path], CancellationToken.None));

        Assert.Equal(IngestResult.Processed, outcome.Result);
        Assert.Equal(UpsertOutcome.Inserted, outcome.Stored);
        Assert.False(File.Exists(path));
        Assert.True(File.Exists(Path.Combine(folders.Processed, "harbour-strike.md")));
        Assert.Equal("harbour-strike", Assert.Single(await db.Store.GetNewestPublishedAsync(ArticleScope.Site, 10, CancellationToken.None)).Id);
    }

    [Fact]
    public async Task File_stored_before_a_crash_but_not_moved_is_moved_on_the_next_run_without_a_new_revision()
    {
        await using var db = await TestStore.CreateAsync();
        var (ingestor, folders) = Ingestor(db);
        var path = Drop(folders, "harbour-strike.md");
        // The first run committed the article and died before moving the file.
        var parsed = Parsers.Create().Parse("harbour-strike.md", await File.ReadAllBytesAsync(path));
        Assert.Equal(UpsertOutcome.Inserted, await db.UpsertAsync(parsed, Parsers.PinnedNow));

        var outcome = Assert.Single(await ingestor.IngestAsync([path], CancellationToken.None));

        Assert.Equal(IngestResult.Processed, outcome.Result);
        Assert.Equal(UpsertOutcome.Unchanged, outcome.Stored);
        Assert.Equal(["harbour-strike.md"], Directory.GetFiles(folders.Processed).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFiles(folders.Inbox));
        Assert.Equal(1, await db.CountArticlesAsync());
        Assert.Equal(1, Assert.Single(await db.Store.GetNewestPublishedAsync(ArticleScope.Site, 10, CancellationToken.None)).Revision);
        Assert.Empty(await db.QueryAsync<long>("SELECT revision FROM article_revisions"));
    }

    [Fact]
    public async Task Bad_file_goes_to_failed_with_an_error_note_that_names_the_problem()
    {
        await using var db = await TestStore.CreateAsync();
        var (ingestor, folders) = Ingestor(db);
        var path = Drop(folders, "no-title.md");

        var outcome = Assert.Single(await ingestor.IngestAsync([path], CancellationToken.None));

        Assert.Equal(IngestResult.Failed, outcome.Result);
        Assert.True(File.Exists(Path.Combine(folders.Failed, "no-title.md")));
        var noteBytes = await File.ReadAllBytesAsync(Path.Combine(folders.Failed, "no-title.md.error.txt"));
        var note = System.Text.Encoding.UTF8.GetString(noteBytes);
        Assert.False(noteBytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]), "the note starts with a UTF-8 byte-order mark");
        Assert.Contains("'no-title.md'", note);
        Assert.Contains("no title", note);
        Assert.Contains("title:", note);
        Assert.Equal(0, await db.CountArticlesAsync());
    }

    [Fact]
    public async Task Good_and_bad_files_in_one_batch_are_each_handled_on_their_own()
    {
        await using var db = await TestStore.CreateAsync();
        var (ingestor, folders) = Ingestor(db);
        string[] paths = [Drop(folders, "no-title.md"), Drop(folders, "harbour-strike.md"), Drop(folders, "three-authors.md")];

        var outcomes = await ingestor.IngestAsync(paths, CancellationToken.None);

        Assert.Equal([IngestResult.Failed, IngestResult.Processed, IngestResult.Processed], outcomes.Select(o => o.Result));
        Assert.Equal(2, await db.CountArticlesAsync());
    }

    [Fact]
    public async Task File_whose_name_is_taken_in_processed_gets_a_numbered_name_and_nothing_is_overwritten()
    {
        await using var db = await TestStore.CreateAsync();
        var (ingestor, folders) = Ingestor(db);
        var earlier = Path.Combine(folders.Processed, "harbour-strike.md");
        await File.WriteAllTextAsync(earlier, "an earlier upload");
        var path = Drop(folders, "harbour-strike.md");

        await ingestor.IngestAsync([path], CancellationToken.None);

        Assert.Equal("an earlier upload", await File.ReadAllTextAsync(earlier));
        Assert.Equal(TestFiles.FixtureBytes("harbour-strike.md"), await File.ReadAllBytesAsync(Path.Combine(folders.Processed, "harbour-strike-2.md")));
    }

    [Fact]
    public async Task File_over_the_size_limit_is_failed_with_the_option_named()
    {
        await using var db = await TestStore.CreateAsync();
        var options = ShippedSettings.Inbox();
        options.MaxFileBytes = 100;
        var (ingestor, folders) = Ingestor(db, options);
        var path = Drop(folders, "harbour-strike.md");

        Assert.Equal(IngestResult.Failed, Assert.Single(await ingestor.IngestAsync([path], CancellationToken.None)).Result);
        Assert.Contains("Inbox:MaxFileBytes", await File.ReadAllTextAsync(Path.Combine(folders.Failed, "harbour-strike.md.error.txt")));
    }

    [Fact]
    public async Task File_renamed_over_the_one_that_was_read_is_left_in_the_inbox_to_be_read_again()
    {
        await using var db = await TestStore.CreateAsync();
        var (ingestor, folders) = Ingestor(db);
        var path = Drop(folders, "harbour-strike.md");
        var parsed = ingestor.Parse([path], CancellationToken.None);
        // A corrected export lands under the same name while the first one is being stored.
        var corrected = Path.Combine(folders.Inbox, ".corrected.tmp");
        await File.WriteAllTextAsync(corrected, TestFiles.FixtureText("harbour-strike.md").Replace("Thursday", "Friday"));
        File.Move(corrected, path, overwrite: true);

        var first = Assert.Single((await ingestor.StoreAsync(parsed, CancellationToken.None)).Outcomes);
        var second = Assert.Single(await ingestor.IngestAsync([path], CancellationToken.None));

        Assert.Equal(IngestResult.Retry, first.Result);
        Assert.Equal((IngestResult.Processed, UpsertOutcome.Updated), (second.Result, second.Stored));
        Assert.Contains("Friday", Assert.Single(await db.QueryAsync<string>("SELECT content_html FROM articles")));
        Assert.Contains("Friday", await File.ReadAllTextAsync(Path.Combine(folders.Processed, "harbour-strike.md")));
    }

    [Fact]
    public async Task File_that_vanished_before_reading_is_reported_gone()
    {
        await using var db = await TestStore.CreateAsync();
        var (ingestor, folders) = Ingestor(db);
        var outcome = Assert.Single(await ingestor.IngestAsync([Path.Combine(folders.Inbox, "vanished.md")], CancellationToken.None));
        Assert.Equal(IngestResult.Gone, outcome.Result);
        Assert.Empty(Directory.GetFiles(folders.Failed));
    }

    [Theory]
    [InlineData("article.md", true)]
    [InlineData("article.markdown", true)]
    [InlineData("000_01adffd9e7f90a7b.txt", true)]
    [InlineData("ARTICLE.MD", true)]
    [InlineData("article.md.tmp", false)]
    [InlineData("article.md.part", false)]
    [InlineData("article.md~", false)]
    [InlineData(".article.md", false)]
    [InlineData("article.html", false)]
    public void Inbox_takes_article_files_and_skips_partial_uploads(string fileName, bool taken)
    {
        Assert.Equal(taken, InboxFolders.IsArticleFileName(fileName));
    }

    private static (ArticleIngestor Ingestor, InboxFolders Folders) Ingestor(TestStore db, InboxOptions? options = null)
    {
        options ??= ShippedSettings.Inbox();
        var time = new FakeTimeProvider(Parsers.PinnedNow);
        var folders = new InboxFolders(Options.Create(options), new TestHostEnvironment(db.Folder));
        folders.EnsureExist();
        var ingestor = new ArticleIngestor(Parsers.Create(time: time), db.Store, new InboxFileMover(folders, time),
            Options.Create(options), time, NullLogger<ArticleIngestor>.Instance);
        return (ingestor, folders);
    }

    private static string Drop(InboxFolders folders, string fixture)
    {
        var path = Path.Combine(folders.Inbox, fixture);
        File.Copy(TestFiles.Fixture(fixture), path);
        return path;
    }
}
