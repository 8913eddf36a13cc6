using System.Text;
using FeedPublisher.Feeds;
using FeedPublisher.Tests.Support;

namespace FeedPublisher.Tests.Feeds;

public sealed class DiskFullTests
{
    /// <summary>A temp file that accepts a few bytes, then fails the way a full disk does.</summary>
    private sealed class FullDiskStream(string path, int room) : Stream
    {
        private readonly FileStream _file = new(path, FileMode.CreateNew, FileAccess.Write);
        private int _written;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_written + buffer.Length > room)
                throw new IOException("No space left on device");
            _file.Write(buffer);
            _written += buffer.Length;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush() => _file.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _file.Length;
        public override long Position { get => _file.Position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _file.Dispose();
            base.Dispose(disposing);
        }
    }

    [Fact]
    public async Task A_full_disk_leaves_the_last_good_feed_whole_and_no_temp_file()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("rss.xml");
        var good = Encoding.UTF8.GetBytes("<rss><channel><title>good</title></channel></rss>");
        await AtomicFileWriter.WriteIfChangedAsync(path, good, CancellationToken.None);

        var bigger = Encoding.UTF8.GetBytes("<rss><channel><title>" + new string('x', 10_000) + "</title></channel></rss>");
        await Assert.ThrowsAsync<IOException>(() =>
            AtomicFileWriter.WriteIfChangedAsync(path, bigger, CancellationToken.None, temp => new FullDiskStream(temp, room: 100)));

        Assert.Equal(good, await File.ReadAllBytesAsync(path));
        Assert.Equal(["rss.xml"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }
}
