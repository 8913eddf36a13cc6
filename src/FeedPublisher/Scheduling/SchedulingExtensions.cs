using Microsoft.Extensions.Options;
using Quartz;

namespace FeedPublisher.Scheduling;

public static class SchedulingExtensions
{
    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SchedulingOptions>().BindConfiguration(SchedulingOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>();
        // Quartz takes its scheduler name and triggers when it is registered, before options can be resolved: the same
        // options, bound from the same section here. Bad values stop start-up through the validator above.
        var scheduling = builder.Configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() ?? new SchedulingOptions();
        builder.Services.AddSingleton<FeedRegenerationRequests>();
        builder.Services.AddSingleton<ScheduledPublishing>();
        var storage = builder.Configuration.GetSection(Storage.StorageOptions.Section).Get<Storage.StorageOptions>() ?? new Storage.StorageOptions();
        builder.Services.AddQuartz(new Dictionary<string, string?> { ["quartz.scheduler.instanceName"] = scheduling.SchedulerName }, quartz =>
        {
            // Several instances on PostgreSQL share one schedule: each job runs on one of them, and a trigger whose
            // instance died is recovered by another. SQLite keeps the in-memory store (Quartz cannot cluster on it).
            if (storage.UsesPostgres)
                quartz.UsePersistentStore(store =>
                {
                    store.UsePostgres(storage.ConnectionString);
                    store.UseSystemTextJsonSerializer();
                    store.UseClustering(cluster =>
                    {
                        cluster.CheckinInterval = scheduling.ClusterCheckinInterval;
                        cluster.CheckinMisfireThreshold = scheduling.ClusterCheckinMisfireThreshold;
                    });
                    store.ProvisionSchema();
                });
            quartz.AddJob<RegenerateFeedsJob>(job => job.WithIdentity(RegenerateFeedsJob.Key).StoreDurably());
            quartz.AddJob<PublishHeldArticlesJob>(job => job.WithIdentity(ScheduledPublishing.Job).StoreDurably());
            // With several instances each runs its first regeneration itself (Cluster/StartUpRegeneration).
            if (!storage.UsesPostgres)
                quartz.AddTrigger(trigger => trigger.ForJob(RegenerateFeedsJob.Key).WithIdentity("at-start-up", "feeds").StartNow());
            if (CronExpression.TryParse(scheduling.RegenerationSchedule, out _))
                quartz.AddTrigger(trigger => trigger.ForJob(RegenerateFeedsJob.Key).WithIdentity("on-schedule", "feeds")
                    .WithCronSchedule(scheduling.RegenerationSchedule, cron => cron.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
        });
        builder.Services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        builder.Services.AddHostedService<StoreChangeWatcher>();
        return builder;
    }
}
