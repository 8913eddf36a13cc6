using Microsoft.Extensions.Options;

namespace FeedPublisher.Scheduling;

/// <summary>The Quartz.NET scheduler and the feeds' regeneration schedule. Bound to the <c>Scheduling</c> section.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>Quartz scheduler name; instances sharing a clustered job store share it.</summary>
    public string SchedulerName { get; set; } = "FeedPublisher";

    /// <summary>Quartz cron expression (seconds first) for the periodic regeneration; ingests also trigger one.</summary>
    public string RegenerationSchedule { get; set; } = "0 * * * * ?";

    /// <summary>With several instances (Storage:Provider=postgres): how often each tells the others it is alive.</summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long past a missed check-in the others wait before taking over its triggers.</summary>
    public TimeSpan ClusterCheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(10);
}

internal sealed class SchedulingOptionsValidator : IValidateOptions<SchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulingOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SchedulerName))
            failures.Add("Scheduling:SchedulerName must not be empty.");
        if (!Quartz.CronExpression.TryParse(options.RegenerationSchedule ?? "", out _))
            failures.Add($"Scheduling:RegenerationSchedule '{options.RegenerationSchedule}' is not a Quartz cron expression; every minute is '0 * * * * ?' (seconds come first).");
        if (options.ClusterCheckinInterval <= TimeSpan.Zero || options.ClusterCheckinMisfireThreshold <= TimeSpan.Zero)
            failures.Add("Scheduling:ClusterCheckinInterval and Scheduling:ClusterCheckinMisfireThreshold must be positive, such as 00:00:05 and 00:00:10.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
