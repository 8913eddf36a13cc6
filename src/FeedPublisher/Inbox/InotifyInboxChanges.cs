using System.Runtime.InteropServices;
using System.Text;

namespace FeedPublisher.Inbox;

/// <summary>
/// Linux inotify on the inbox folder, read on its own thread. Distinguishes a file moved in (IN_MOVED_TO) from one
/// being written (IN_CREATE, IN_MODIFY, IN_CLOSE_WRITE), which FileSystemWatcher cannot.
/// </summary>
internal sealed unsafe partial class InotifyInboxChanges : IDisposable
{
    private const int InNonBlock = 0x800;
    private const int InCloseOnExec = 0x80000;
    private const uint InModify = 0x2;
    private const uint InCloseWrite = 0x8;
    private const uint InMovedTo = 0x80;
    private const uint InCreate = 0x100;
    private const uint InDeleteSelf = 0x400;
    private const uint InMoveSelf = 0x800;
    private const uint InQueueOverflow = 0x4000;
    private const uint InIgnored = 0x8000;
    private const uint InOnlyDirectory = 0x01000000;
    private const uint InIsDirectory = 0x40000000;
    private const short PollIn = 1;
    private const int EventHeaderSize = 16;

    private readonly int _fd;
    private readonly string _folder;
    private readonly Action<string, bool> _onFile;
    private readonly Action<string> _onLost;
    private readonly Thread _reader;
    private volatile bool _stopping;

    public InotifyInboxChanges(string folder, Action<string, bool> onFile, Action<string> onLost)
    {
        _folder = folder;
        _onFile = onFile;
        _onLost = onLost;
        _fd = InotifyInit1(InNonBlock | InCloseOnExec);
        if (_fd < 0)
            throw new IOException($"inotify_init1 failed: {Marshal.GetLastPInvokeErrorMessage()}");
        var mask = InCreate | InModify | InCloseWrite | InMovedTo | InDeleteSelf | InMoveSelf | InOnlyDirectory;
        if (InotifyAddWatch(_fd, folder, mask) < 0)
        {
            var error = Marshal.GetLastPInvokeErrorMessage();
            Close(_fd);
            throw new IOException($"inotify_add_watch on {folder} failed: {error}");
        }
        _reader = new Thread(ReadEvents) { IsBackground = true, Name = "inbox-inotify" };
        _reader.Start();
    }

    private void ReadEvents()
    {
        var buffer = new byte[64 * 1024];
        fixed (byte* start = buffer)
        {
            var poll = new PollFd { Fd = _fd, Events = PollIn };
            while (!_stopping)
            {
                // Poll with a timeout rather than block in read, so Dispose can stop this thread.
                if (Poll(&poll, 1, 250) <= 0)
                    continue;
                var read = Read(_fd, start, buffer.Length);
                if (read <= 0)
                    continue;
                Dispatch(start, (int)read);
            }
        }
    }

    private void Dispatch(byte* start, int length)
    {
        var offset = 0;
        while (offset + EventHeaderSize <= length)
        {
            var mask = *(uint*)(start + offset + 4);
            var nameLength = (int)*(uint*)(start + offset + 12);
            var name = nameLength == 0 ? "" : ReadName(start + offset + EventHeaderSize, nameLength);
            offset += EventHeaderSize + nameLength;

            if ((mask & InQueueOverflow) != 0)
                _onLost("inotify queue overflowed");
            else if ((mask & (InDeleteSelf | InMoveSelf | InIgnored)) != 0)
                _onLost("the inbox folder was removed or moved");
            else if (name.Length > 0 && (mask & InIsDirectory) == 0)
                _onFile(Path.Combine(_folder, name), (mask & InMovedTo) != 0);
        }
    }

    private static string ReadName(byte* name, int maxLength)
    {
        var length = 0;
        while (length < maxLength && name[length] != 0)
            length++;
        return Encoding.UTF8.GetString(name, length);
    }

    public void Dispose()
    {
        _stopping = true;
        _reader.Join(TimeSpan.FromSeconds(2));
        Close(_fd);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    private static partial int InotifyInit1(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int InotifyAddWatch(int fd, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
