using System.Runtime.InteropServices;

namespace FeedPublisher.Benchmarks.Processes;

/// <summary>The two libc calls .NET does not offer: the clock tick rate of /proc times, and a polite SIGTERM.</summary>
internal static class Posix
{
    private const int ScClockTicks = 2;
    private const int SigTerm = 15;

    public static double ClockTicksPerSecond() => sysconf(ScClockTicks) is > 0 and var ticks ? ticks : 100;

    /// <summary>Asks a process to shut down, as systemd would; false when it is already gone.</summary>
    public static bool Terminate(int pid) => kill(pid, SigTerm) == 0;

    [DllImport("libc", SetLastError = true)]
    private static extern long sysconf(int name);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
