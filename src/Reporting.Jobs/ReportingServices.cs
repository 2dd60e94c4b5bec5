using Caseload.Reporting.Channels;
using Caseload.Reporting.Channels.Email;
using Caseload.Reporting.Channels.Teams;
using Caseload.Reporting.Jobs.Actions;
using Caseload.Reporting.Jobs.Backup;
using Caseload.Reporting.Jobs.Benchmarks;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Jobs.Health;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Monthly;
using Caseload.Reporting.Jobs.Pull;
using Caseload.Reporting.Jobs.Queues;
using Caseload.Reporting.Jobs.Retention;
using Caseload.Reporting.Jobs.StaffData;
using Caseload.Reporting.Jobs.Settings;
using Caseload.Reporting.Jobs.Telemetry;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Caseload.Reporting.Jobs;

/// <summary>
/// The one composition root: every setting bound once from configuration, and the jobs both hosts call. The
/// Functions app and the CLI add this and ask for jobs; neither builds storage, senders or stages of its own.
/// </summary>
public static class ReportingServices
{
    /// <summary>Adds the product's jobs, bound to the <c>Reporting</c> section of <paramref name="configuration"/>.</summary>
    /// <remarks>
    /// A <see cref="TimeProvider"/>, <see cref="EmailSender"/> or <see cref="StorageConnection"/> registered before this
    /// call is used instead of the system's or the configured one (tests do: a job's rules are tested over storage in
    /// memory). A <see cref="NotificationChannel"/> registered before or after it is one more channel.
    /// </remarks>
    public static IServiceCollection AddReporting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection("Reporting").Get<ReportingOptions>() ?? new ReportingOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(options.Email);
        services.AddSingleton(options.Delivery);
        services.AddSingleton(options.Schedule);
        services.AddSingleton(options.Retention);
        services.AddSingleton(options.Queues);
        services.AddSingleton(options.Backup);
        services.AddSingleton(options.Region);
        options.Actions.Check();
        services.AddSingleton(options.Actions);
        options.Council.Code = string.IsNullOrWhiteSpace(options.Council.Code) ? null : options.Council.Code.Trim();
        if (options.Council.Code is not null && !Caseload.Reporting.Benchmarks.BenchmarkCouncil.IsCode(options.Council.Code))
        {
            throw new InvalidOperationException($"{Caseload.Reporting.Benchmarks.BenchmarkCouncil.Setting} is '{options.Council.Code}': give the council's three-digit old LA code as DfE publishes it, e.g. 887 for Medway.");
        }

        services.AddSingleton(options.Council);
        var storage = new ReportingStorageOptions { Storage = options.Storage, TablePrefix = options.TablePrefix, RetryDelay = options.StorageRetryDelay, Retries = options.StorageRetries };
        services.TryAddSingleton(provider => new StorageConnection(
            cancellationToken => ReportingStorage.ConnectAsync(storage, cancellationToken),
            provider.GetRequiredService<TimeProvider>())
        {
            Configured = !string.IsNullOrWhiteSpace(options.Storage),
        });

        // Resolved when first sent with: a sender that lacks its settings says so then, not at start-up.
        services.TryAddSingleton(_ => CreateSender(options));
        services.AddSingleton(new SourceCredentials(configuration));

        // One pair of clients for every pull, and one client for Teams: a client per request would exhaust sockets
        // under load. The pulls' follow no redirect (the pull does, and decides where the credential may go) and
        // reach a private address only for a source that allows it.
        services.AddSingleton<Caseload.Reporting.Ingest.Sources.SourceClients>();
        services.AddSingleton(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan });
        services.AddSingleton(options.Teams);

        // The channels notifications travel by: preparation and delivery ask this list for a recipient's channel by
        // its name, so a channel is added by one more registration (docs/channels.md), before or after this call.
        services.AddSingleton<NotificationChannel, EmailChannel>();
        services.AddSingleton<NotificationChannel, TeamsChannel>();
        services.AddSingleton<NotificationChannels>();
        services.AddSingleton<ActionLinking>();
        services.AddSingleton<ActionJob>();
        services.AddSingleton<NotificationDelivery>();
        services.AddSingleton<DeliveryJob>();
        services.AddSingleton<SweepJob>();
        services.AddSingleton<Preparation>();
        services.AddSingleton<IngestJob>();
        services.AddSingleton<PullJob>();
        services.AddSingleton<WeeklyJob>();
        services.AddSingleton<MonthlyJob>();
        services.AddSingleton<BenchmarkJob>();
        services.AddSingleton<Census.CensusCheckJob>();
        services.AddSingleton<Region.RegionJob>();
        services.AddSingleton<RetentionJob>();
        services.AddSingleton<StoredMessages>();
        services.AddSingleton<SubjectAccessJob>();
        services.AddSingleton<WorkerErasureJob>();
        services.AddSingleton<HealthJob>();
        services.AddSingleton<SettingsJob>();
        services.AddSingleton<PoisonLog>();
        services.AddSingleton<QueuesJob>();
        services.AddSingleton<BackupArchives>();
        services.AddSingleton<BackupJob>();
        services.AddSingleton<RestoreJob>();
        services.AddReportingTelemetry(configuration);
        return services;
    }

    /// <summary>The sender <c>Reporting:Email:Sender</c> names.</summary>
    /// <exception cref="InvalidOperationException">The sender is unknown or lacks its settings; the message says which.</exception>
    private static EmailSender CreateSender(ReportingOptions options) => options.Email.Sender.ToLowerInvariant() switch
    {
        "outbox" => new OutboxSender(Path.GetFullPath(options.Email.OutboxPath)),
        "sendgrid" when !string.IsNullOrWhiteSpace(options.SendGrid.ApiKey) => new SendGridSender(options.SendGrid),
        "smtp" when !string.IsNullOrWhiteSpace(options.Smtp.Host) => new SmtpSender(options.Smtp),
        "sendgrid" => throw new InvalidOperationException("Reporting:Email:Sender is sendgrid but Reporting:SendGrid:ApiKey is not set: set the key (in Azure, the Key Vault secret sendgrid-api-key)."),
        "smtp" => throw new InvalidOperationException("Reporting:Email:Sender is smtp but Reporting:Smtp:Host is not set: set the relay's host."),
        var kind => throw new InvalidOperationException($"Reporting:Email:Sender is '{kind}': use outbox, sendgrid (with Reporting:SendGrid:ApiKey) or smtp (with Reporting:Smtp:Host)."),
    };
}
