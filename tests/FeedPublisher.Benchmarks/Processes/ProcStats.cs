using System.Globalization;

namespace FeedPublisher.Benchmarks.Processes;

/// <summary>CPU time and memory of a process, read from Linux's /proc.</summary>
internal static class ProcStats
{
    private static readonly double TicksPerSecond = Posix.ClockTicksPerSecond();

    /// <summary>User plus system CPU seconds (utime + stime in /proc/[pid]/stat).</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name in parentheses may contain spaces; the fields after it are fixed: state is the first.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / TicksPerSecond;
    }

    /// <summary>Resident set size now (VmRSS), in bytes.</summary>
    public static long RssBytes(int pid) => StatusKilobytes(pid, "VmRSS:") * 1024;

    /// <summary>Peak resident set size (VmHWM) since start or since the last <see cref="ResetPeak"/>, in bytes.</summary>
    public static long PeakRssBytes(int pid) => StatusKilobytes(pid, "VmHWM:") * 1024;

    /// <summary>Sets VmHWM back to the current RSS (writing 5 to clear_refs), so each scenario gets its own peak.</summary>
    /// <returns>False when the kernel refused; the peak then counts from the start of the process.</returns>
    public static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long StatusKilobytes(int pid, string key)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
                return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"/proc/{pid}/status has no {key}");
    }
}
