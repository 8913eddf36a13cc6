using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FeedPublisher.Inbox;

/// <summary>What an inbox entry turned out to be when it was opened.</summary>
public enum InboxEntryKind
{
    RegularFile,
    Missing,
    SymbolicLink,

    /// <summary>A link that is followed but leads round in a circle (or through too many links).</summary>
    LinkLoop,

    /// <summary>A link that is followed but leads to nothing.</summary>
    DanglingLink,
    Directory,
    NamedPipe,
    Socket,
    CharacterDevice,
    BlockDevice,
    Unknown,
}

/// <summary>An opened inbox entry: a handle to a regular file, or what it is instead.</summary>
/// <param name="Handle">Open for reading when <see cref="Kind"/> is <see cref="InboxEntryKind.RegularFile"/>; the caller disposes it.</param>
/// <param name="Detail">For a link, where it points; otherwise null.</param>
public sealed record OpenedInboxEntry(InboxEntryKind Kind, SafeFileHandle? Handle, long Length, string? Detail = null)
{
    /// <summary>Which file was opened, to tell before it is moved whether its name still names it; null off Linux.</summary>
    public FileIdentity? Identity { get; init; }
}

/// <summary>A file's device and inode: the same while the file exists, whatever it is renamed to.</summary>
public readonly record struct FileIdentity(uint DeviceMajor, uint DeviceMinor, ulong Inode);

/// <summary>
/// Opens inbox entries so that what is checked is what is read: no following of a link (unless configured), no
/// blocking on a named pipe, and the file type read from the opened handle, not from the path. The BCL opens with
/// neither O_NOFOLLOW nor O_NONBLOCK and tells no file type from a handle, hence open(2) and statx(2) here.
/// </summary>
public static partial class InboxFileOpener
{
    private const int ReadOnly = 0;
    private const int NoControllingTerminal = 0x100;
    private const int NonBlocking = 0x800;
    private const int CloseOnExec = 0x80000;

    // O_NOFOLLOW is the kernel's generic 0400000 on x86, riscv64, s390x and loongarch64, but 0100000 on arm, arm64 and
    // powerpc; on another architecture no value is assumed.
    private static readonly int NoFollow = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 or Architecture.RiscV64 or Architecture.S390x or Architecture.LoongArch64 => 0x20000,
        Architecture.Arm or Architecture.Armv6 or Architecture.Arm64 or Architecture.Ppc64le => 0x8000,
        var other => throw new PlatformNotSupportedException($"inbox: O_NOFOLLOW is not known for {other}"),
    };

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const uint StatxSize = 0x200;
    private const int StatxBufferSize = 256;
    private const int StatxModeOffset = 28;
    private const int StatxSizeOffset = 40;
    private const uint StatxInode = 0x100;
    private const int StatxInodeOffset = 32;
    private const int StatxDeviceMajorOffset = 136;
    private const int StatxDeviceMinorOffset = 140;
    private const int GetStatusFlags = 3;
    private const int SetStatusFlags = 4;

    private const int ENOENT = 2;
    private const int ENOTDIR = 20;
    private const int ENXIO = 6;
    private const int ELOOP = 40;
    private const int EINTR = 4;
    private const int EINVAL = 22;
    private const uint RenameNoReplace = 1;

    /// <exception cref="IOException">Anything else open(2) refused (permissions, too many open files…): a passing fault.</exception>
    public static OpenedInboxEntry Open(string path, bool followSymlinks)
    {
        if (!OperatingSystem.IsLinux())
            return OpenPortably(path, followSymlinks);

        var flags = ReadOnly | NonBlocking | NoControllingTerminal | CloseOnExec | (followSymlinks ? 0 : NoFollow);
        int fd;
        do
            fd = OpenFile(path, flags);
        while (fd < 0 && Marshal.GetLastPInvokeError() == EINTR);

        if (fd < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error switch
            {
                // With O_NOFOLLOW a link as the last component is ELOOP; when following, ELOOP means a loop.
                ELOOP => new OpenedInboxEntry(followSymlinks ? InboxEntryKind.LinkLoop : InboxEntryKind.SymbolicLink, null, 0, LinkTarget(path)),
                // Opening a socket fails with ENXIO; a dangling link fails with ENOENT though the entry is there.
                ENOENT or ENOTDIR or ENXIO => KindOfPath(path) switch
                {
                    InboxEntryKind.SymbolicLink => new OpenedInboxEntry(InboxEntryKind.DanglingLink, null, 0, LinkTarget(path)),
                    // Replaced by a regular file between the open and the look: read it next time, do not fail it.
                    InboxEntryKind.RegularFile => throw new IOException($"{Path.GetFileName(path)} changed while it was being opened"),
                    var kind => new OpenedInboxEntry(kind, null, 0),
                },
                _ => throw new IOException($"could not open {Path.GetFileName(path)}: {Marshal.GetPInvokeErrorMessage(error)}"),
            };
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            var (kind, length, identity) = KindOfHandle(handle);
            if (kind == InboxEntryKind.RegularFile)
            {
                // Non-blocking was for the open; a regular file is read the ordinary way (FUSE may honour the flag).
                if (Fcntl(fd, GetStatusFlags, 0) is var status and >= 0)
                    Fcntl(fd, SetStatusFlags, status & ~NonBlocking);
                return new OpenedInboxEntry(kind, handle, length) { Identity = identity };
            }
            handle.Dispose();
            return new OpenedInboxEntry(kind, null, 0);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static unsafe (InboxEntryKind Kind, long Length, FileIdentity Identity) KindOfHandle(SafeFileHandle handle)
    {
        var buffer = stackalloc byte[StatxBufferSize];
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (Statx((int)handle.DangerousGetHandle(), "", AtEmptyPath, StatxType | StatxSize | StatxInode, buffer) != 0)
                throw new IOException($"could not inspect an inbox file: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        finally
        {
            if (added)
                handle.DangerousRelease();
        }
        return (KindOfMode(*(ushort*)(buffer + StatxModeOffset)), *(long*)(buffer + StatxSizeOffset), IdentityIn(buffer));
    }

    /// <summary>Which file the path names now, as <see cref="Open"/> would find it; null when it names nothing (or off Linux).</summary>
    public static unsafe FileIdentity? IdentityOf(string path, bool followSymlinks)
    {
        if (!OperatingSystem.IsLinux())
            return null;
        var buffer = stackalloc byte[StatxBufferSize];
        return Statx(AtFdCwd, path, followSymlinks ? 0 : AtSymlinkNoFollow, StatxInode, buffer) == 0 ? IdentityIn(buffer) : null;
    }

    private static unsafe FileIdentity IdentityIn(byte* buffer) => new(
        *(uint*)(buffer + StatxDeviceMajorOffset), *(uint*)(buffer + StatxDeviceMinorOffset), *(ulong*)(buffer + StatxInodeOffset));

    private static unsafe InboxEntryKind KindOfPath(string path)
    {
        var buffer = stackalloc byte[StatxBufferSize];
        return Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) == 0
            ? KindOfMode(*(ushort*)(buffer + StatxModeOffset))
            : InboxEntryKind.Missing;
    }

    private static InboxEntryKind KindOfMode(ushort mode) => (mode & 0xF000) switch
    {
        0x8000 => InboxEntryKind.RegularFile,
        0xA000 => InboxEntryKind.SymbolicLink,
        0x4000 => InboxEntryKind.Directory,
        0x1000 => InboxEntryKind.NamedPipe,
        0xC000 => InboxEntryKind.Socket,
        0x2000 => InboxEntryKind.CharacterDevice,
        0x6000 => InboxEntryKind.BlockDevice,
        _ => InboxEntryKind.Unknown,
    };

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Elsewhere the path is checked before it is opened: a best effort, where the watcher is one too.</summary>
    private static OpenedInboxEntry OpenPortably(string path, bool followSymlinks)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            return new OpenedInboxEntry(InboxEntryKind.Missing, null, 0);
        if (info.LinkTarget is { } target && !followSymlinks)
            return new OpenedInboxEntry(InboxEntryKind.SymbolicLink, null, 0, target);
        if (info.Attributes.HasFlag(FileAttributes.Directory))
            return new OpenedInboxEntry(InboxEntryKind.Directory, null, 0);
        SafeFileHandle? handle = null;
        try
        {
            handle = File.OpenHandle(path);
            return new OpenedInboxEntry(InboxEntryKind.RegularFile, handle, RandomAccess.GetLength(handle));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            handle?.Dispose();
            return new OpenedInboxEntry(InboxEntryKind.Missing, null, 0);
        }
        catch
        {
            handle?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Renames a special entry (a link, a pipe) without following or opening it, and never over an existing name.
    /// Unlike File.Move it never falls back to copying, which would open a pipe and wait for a writer.
    /// </summary>
    /// <exception cref="IOException">The name is taken, or the destination is on another file system.</exception>
    public static void RenameWithoutReplacing(string source, string destination)
    {
        if (!OperatingSystem.IsLinux())
        {
            File.Move(source, destination, overwrite: false);
            return;
        }
        if (RenameAt2(AtFdCwd, source, AtFdCwd, destination, RenameNoReplace) == 0)
            return;
        var error = Marshal.GetLastPInvokeError();
        if (error == EINVAL && !File.Exists(destination))
        {
            // A file system without RENAME_NOREPLACE: the check above, then a plain rename.
            if (Rename(source, destination) == 0)
                return;
            error = Marshal.GetLastPInvokeError();
        }
        var message = $"could not move {Path.GetFileName(source)} to {destination}: {Marshal.GetPInvokeErrorMessage(error)}";
        throw error switch
        {
            ENOENT when File.Exists(source) => new DirectoryNotFoundException(message),
            ENOENT => new FileNotFoundException(message),
            _ => new IOException(message),
        };
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirectoryFd, string oldPath, int newDirectoryFd, string newPath, uint flags);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Rename(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenFile(string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);
}
