using System.Text;
using FeedPublisher.Feeds;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Feeds;

public sealed class AtomicFileWriterTests
{
    [Fact]
    public async Task New_file_is_written_with_the_given_bytes()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("rss.xml");
        Assert.True(await AtomicFileWriter.WriteIfChangedAsync(path, Encoding.UTF8.GetBytes("<rss/>"), CancellationToken.None));
        Assert.Equal("<rss/>", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Same_bytes_again_are_not_written_and_the_mtime_stays()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("rss.xml");
        var bytes = Encoding.UTF8.GetBytes("<rss>same</rss>");
        await AtomicFileWriter.WriteIfChangedAsync(path, bytes, CancellationToken.None);
        // An old mtime makes any rewrite visible, however coarse the file system's clock.
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, old);

        Assert.False(await AtomicFileWriter.WriteIfChangedAsync(path, bytes, CancellationToken.None));
        Assert.Equal(old, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public async Task Changed_bytes_replace_the_file()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("atom.xml");
        await AtomicFileWriter.WriteIfChangedAsync(path, Encoding.UTF8.GetBytes("<feed>one</feed>"), CancellationToken.None);
        Assert.True(await AtomicFileWriter.WriteIfChangedAsync(path, Encoding.UTF8.GetBytes("<feed>two!</feed>"), CancellationToken.None));
        Assert.Equal("<feed>two!</feed>", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Writing_leaves_no_temp_files_behind()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("rss.xml");
        for (var i = 0; i < 5; i++)
            await AtomicFileWriter.WriteIfChangedAsync(path, Encoding.UTF8.GetBytes($"<rss>{i % 2}</rss>"), CancellationToken.None);
        Assert.Equal(["rss.xml"], Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories).Select(Path.GetFileName));
    }
}
