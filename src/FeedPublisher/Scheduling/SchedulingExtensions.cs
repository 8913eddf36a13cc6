using FeedPublisher.Feeds;
using Quartz;

namespace FeedPublisher.Scheduling;

public static class SchedulingExtensions
{
    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        // The cron string is validated with the other Feeds options at start-up; read it here to build the trigger.
        var schedule = builder.Configuration.GetSection(FeedsOptions.Section)[nameof(FeedsOptions.Schedule)] ?? new FeedsOptions().Schedule;
        // Several instances sharing one clustered job store will share this name; tests give each host its own.
        var schedulerName = builder.Configuration["Scheduling:SchedulerName"] is { Length: > 0 } name ? name : "FeedPublisher";
        builder.Services.AddSingleton<FeedRegenerationRequests>();
        builder.Services.AddQuartz(new Dictionary<string, string?> { ["quartz.scheduler.instanceName"] = schedulerName }, quartz =>
        {
            quartz.AddJob<RegenerateFeedsJob>(job => job.WithIdentity(RegenerateFeedsJob.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger.ForJob(RegenerateFeedsJob.Key).WithIdentity("at-start-up", "feeds").StartNow());
            if (CronExpression.TryParse(schedule, out _))
                quartz.AddTrigger(trigger => trigger.ForJob(RegenerateFeedsJob.Key).WithIdentity("on-schedule", "feeds")
                    .WithCronSchedule(schedule, cron => cron.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
        });
        builder.Services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return builder;
    }
}
