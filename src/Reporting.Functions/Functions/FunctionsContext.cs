using Caseload.Reporting.Email.Sending;
using Caseload.Reporting.Functions.Host;
using Caseload.Reporting.Jobs.Monthly;
using Caseload.Reporting.Jobs.Pull;
using Caseload.Reporting.Jobs.Weekly;
using Caseload.Reporting.Storage;

namespace Caseload.Reporting.Functions.Functions;

/// <summary>What every function works with: storage (connected once), the clock, the schedule, the sender.</summary>
internal sealed class FunctionsContext(IConfiguration configuration, TimeProvider time)
{
    private readonly Lazy<Task<ReportingTables>> tables = new(() => ReportingTables.ConnectAsync(new ReportingStorageOptions
    {
        Storage = configuration["Reporting:Storage"],
        TablePrefix = configuration["Reporting:TablePrefix"] ?? "",
    }));

    private readonly Lazy<EmailSender> sender = new(() => ConfiguredSender.From(configuration, time, Path.Combine(Path.GetTempPath(), "caseload-outbox")).Sender);

    public IConfiguration Configuration => configuration;

    public TimeProvider Time => time;

    public ReportingSchedule Schedule { get; } = configuration.GetSection("Reporting:Schedule").Get<ReportingSchedule>() ?? new ReportingSchedule();

    public Task<ReportingTables> TablesAsync() => tables.Value;

    /// <summary>Deliveries a message may have before it is recorded as poison (Service Bus maxDeliveryCount).</summary>
    public int MaxDeliveryCount => int.TryParse(configuration["Reporting:Queues:MaxDeliveryCount"], out var count) ? count : 10;

    /// <summary>One client for every pull: a client per request would exhaust sockets under load.</summary>
    private static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public PullJob Pull(ReportingTables reportingTables) => new(
        reportingTables,
        sender.Value,
        Http,
        new PullJobOptions { Blob = configuration["Reporting:Blob"], DataTeamTo = configuration["Reporting:Email:DataTeamTo"], Setting = name => configuration[name] },
        time);

    public MonthlyJob Monthly(ReportingTables reportingTables) =>
        new(reportingTables, sender.Value, new MonthlyJobOptions { LeadershipTo = configuration["Reporting:Email:LeadershipTo"] }, time);

    public WeeklyJob Weekly(ReportingTables reportingTables) =>
        new(reportingTables, sender.Value, new WeeklyJobOptions { FallbackTo = configuration["Reporting:Email:FallbackTo"] }, time);
}
