using Microsoft.Extensions.Options;

namespace FeedPublisher.Inbox;

/// <summary>Bound to the <c>Inbox</c> section.</summary>
public sealed class InboxOptions
{
    public const string Section = "Inbox";

    public string Path { get; set; } = "inbox";
    public string ProcessedPath { get; set; } = "inbox/processed";
    public string FailedPath { get; set; } = "inbox/failed";
    public long MaxFileBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>
    /// Whether a symbolic link in the inbox is read as the file it points to. Off by default: otherwise anyone who can
    /// write into the inbox can publish any file the service can read.
    /// </summary>
    public bool FollowSymlinks { get; set; }

    /// <summary>A file is read once its size and modification time have stayed the same this long.</summary>
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the whole folder is listed again, in case the watcher dropped events.</summary>
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Several instances have this same inbox folder (on NFS, say): they take turns watching it, one at a time.
    /// Needs Storage:Provider=postgres, where the turn is a lock in the shared database.
    /// </summary>
    public bool Shared { get; set; }
}

internal sealed class InboxOptionsValidator(IOptions<Storage.StorageOptions> storage) : IValidateOptions<InboxOptions>
{
    public ValidateOptionsResult Validate(string? name, InboxOptions options)
    {
        var failures = new List<string>();
        foreach (var (key, value) in new[] { ("Path", options.Path), ("ProcessedPath", options.ProcessedPath), ("FailedPath", options.FailedPath) })
        {
            if (string.IsNullOrWhiteSpace(value))
                failures.Add($"Inbox:{key} must name a folder.");
        }
        if (failures.Count == 0)
        {
            var inbox = System.IO.Path.GetFullPath(options.Path);
            if (System.IO.Path.GetFullPath(options.ProcessedPath) == inbox)
                failures.Add("Inbox:ProcessedPath must differ from Inbox:Path, or processed files would be ingested again.");
            if (System.IO.Path.GetFullPath(options.FailedPath) == inbox)
                failures.Add("Inbox:FailedPath must differ from Inbox:Path, or failed files would be ingested again.");
        }
        if (options.MaxFileBytes is < 1 or > 512L * 1024 * 1024)
            failures.Add($"Inbox:MaxFileBytes is {options.MaxFileBytes}; it must be between 1 and 536870912 (512 MiB).");
        if (options.SettleTime < TimeSpan.Zero || options.SettleTime > TimeSpan.FromMinutes(10))
            failures.Add($"Inbox:SettleTime is {options.SettleTime}; it must be between 00:00:00 and 00:10:00.");
        if (options.RescanInterval < TimeSpan.FromMilliseconds(100) || options.RescanInterval > TimeSpan.FromHours(1))
            failures.Add($"Inbox:RescanInterval is {options.RescanInterval}; it must be between 00:00:00.1 and 01:00:00.");
        if (options.Shared && !storage.Value.UsesPostgres)
            failures.Add("Inbox:Shared needs Storage:Provider=postgres: the instances take turns through a lock in their shared database.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
