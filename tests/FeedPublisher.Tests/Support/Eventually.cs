using System.Diagnostics;

namespace FeedPublisher.Tests.Support;

/// <summary>Polls for a condition with a generous deadline, so slow shared machines pass and broken code still fails.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static async Task TrueAsync(Func<bool> condition, string whatWeWaitFor, TimeSpan? timeout = null) =>
        await ValueAsync(() => condition() ? whatWeWaitFor : null, whatWeWaitFor, timeout);

    /// <summary>Waits until <paramref name="probe"/> returns non-null and returns that value.</summary>
    public static async Task<T> ValueAsync<T>(Func<T?> probe, string whatWeWaitFor, TimeSpan? timeout = null) where T : class
    {
        var deadline = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        Exception? lastError = null;
        while (true)
        {
            try
            {
                if (probe() is { } value)
                    return value;
                lastError = null;
            }
            // A feed being replaced or a file being moved is a moment to wait through, not a failure.
            catch (Exception ex) when (ex is IOException or System.Xml.XmlException or UnauthorizedAccessException)
            {
                lastError = ex;
            }
            if (clock.Elapsed > deadline)
                throw new Xunit.Sdk.XunitException($"Timed out after {deadline.TotalSeconds:F0} s waiting for {whatWeWaitFor}." +
                    (lastError is null ? "" : $" Last error: {lastError.Message}"));
            await Task.Delay(Interval);
        }
    }
}
