using System.Diagnostics;
using System.Diagnostics.Metrics;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Sources;

namespace Caseload.Reporting.Jobs.Telemetry;

/// <summary>
/// What the jobs tell IT as they run (docs/operations.md, "Telemetry"): one <see cref="ActivitySource"/> and one
/// <see cref="Meter"/>, both <c>Caseload.Reporting</c>; the hosts choose the exporters. Every attribute is a period, a
/// code from a short list or a count: no worker or child, no address, no link, no file name — what could identify
/// a person never reaches an exporter.
/// </summary>
public static class ReportingTelemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "Caseload.Reporting";

    /// <summary>Notifications that reached an end of delivery: <c>kind</c>, <c>channel</c>, <c>outcome</c>.</summary>
    public const string Notifications = "reporting.notifications";

    /// <summary>How long a run took, in seconds: <c>job</c>, <c>outcome</c>.</summary>
    public const string RunDuration = "reporting.run.duration";

    /// <summary>Workers over their limit at the week's preparation: <c>band</c>.</summary>
    public const string WorkersOverLimit = "reporting.workers_over_limit";

    /// <summary>Extracts stored or refused, however they came: <c>outcome</c>, <c>kind</c> (file, blob, https, annexa).</summary>
    public const string Extracts = "reporting.extracts";

    /// <summary>Requests to the breach pages: <c>outcome</c>.</summary>
    public const string BreachPageRequests = "reporting.breach_page.requests";

    /// <summary>Backup points taken: <c>outcome</c> (written, failed); an alert fires when none is written for 26 hours.</summary>
    public const string Backups = "reporting.backup";

    /// <summary>Objects a backup point stored at the target (those it lacked).</summary>
    public const string BackupObjects = "reporting.backup.objects";

    /// <summary>Bytes a backup point stored at the target, its manifest included.</summary>
    public const string BackupBytes = "reporting.backup.bytes";

    /// <summary>Every metric the product emits, as the workbook and the alerts name them: one list.</summary>
    public static IReadOnlyList<string> Metrics { get; } = [Notifications, RunDuration, WorkersOverLimit, Extracts, BreachPageRequests, Backups, BackupObjects, BackupBytes];

    /// <summary>The spans' source.</summary>
    public static ActivitySource Source { get; } = new(Name);

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Notified = Meter.CreateCounter<long>(Notifications, "{notification}", "Notifications that reached an end of delivery, by kind, channel and outcome.");
    private static readonly Histogram<double> Took = Meter.CreateHistogram<double>(RunDuration, "s", "How long a run of a job took.");
    private static readonly Gauge<int> OverLimit = Meter.CreateGauge<int>(WorkersOverLimit, "{worker}", "Case holders over their limit at the latest weekly preparation, by band.");
    private static readonly Counter<long> Pulled = Meter.CreateCounter<long>(Extracts, "{extract}", "Extracts stored or refused, by what became of them and the kind of source they came from.");
    private static readonly Counter<long> Pages = Meter.CreateCounter<long>(BreachPageRequests, "{request}", "Requests to the breach pages, by what they were answered with.");
    private static readonly Counter<long> Points = Meter.CreateCounter<long>(Backups, "{point}", "Backup points taken, by outcome.");
    private static readonly Counter<long> PointObjects = Meter.CreateCounter<long>(BackupObjects, "{object}", "Objects backup points stored at the target.");
    private static readonly Counter<long> PointBytes = Meter.CreateCounter<long>(BackupBytes, "By", "Bytes backup points stored at the target.");

    /// <summary>A notification's delivery, unless it ended nowhere (held by another run, or never prepared).</summary>
    public static void Delivered(Delivered delivered)
    {
        ArgumentNullException.ThrowIfNull(delivered);
        var outcome = delivered.Outcome switch
        {
            DeliveryOutcome.Sent => "sent",
            DeliveryOutcome.AlreadySent => "already_sent",
            DeliveryOutcome.Failed => "failed",
            DeliveryOutcome.NotSent => "not_sent",
            DeliveryOutcome.Misconfigured => "misconfigured",
            _ => null,
        };
        if (outcome is not null)
        {
            Notified.Add(1, new("kind", KindOf(delivered.Key.Kind)), new("channel", delivered.Key.To.Channel), new("outcome", outcome));
        }
    }

    /// <summary>A notification kind's name in telemetry.</summary>
    public static string KindOf(NotificationKind kind) => kind switch
    {
        NotificationKind.TeamManager => "team_manager",
        NotificationKind.ServiceRollUp => "service_roll_up",
        NotificationKind.LeadershipDigest => "leadership_digest",
        NotificationKind.TeamsChannel => "teams_channel",
        _ => "refused_extract",
    };

    /// <summary>Starts timing a run of a job, and its span; disposing it records both, as failed unless the job said otherwise.</summary>
    /// <param name="job">weekly, monthly, pull, delivery or sweep.</param>
    /// <param name="period">The period it is about, when it has one.</param>
    public static JobRun Run(string job, ReportingPeriod? period = null) => new(job, period);

    /// <summary>The week's case holders over their limit, by band.</summary>
    public static void WeekPrepared(CaseloadEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        foreach (var band in new[] { Band.Amber, Band.Red })
        {
            OverLimit.Record(evaluation.Workers.Count(w => w.Band == band), new KeyValuePair<string, object?>("band", Snapshots.Vocabulary.Code(band)));
        }
    }

    /// <summary>An extract stored or refused, and the kind of source it came from.</summary>
    public static void Extract(PullOutcome outcome, Ingest.ExtractKind kind) => Pulled.Add(
        1,
        new KeyValuePair<string, object?>("outcome", outcome switch
        {
            PullOutcome.Ingested => "stored",
            PullOutcome.AlreadyStored => "already_stored",
            _ => "refused",
        }),
        new KeyValuePair<string, object?>("kind", kind switch
        {
            Ingest.ExtractKind.Blob => "blob",
            Ingest.ExtractKind.Https => "https",
            Ingest.ExtractKind.AnnexA => "annexa",
            _ => "file",
        }));

    /// <summary>A backup point taken (or not): its outcome, and what it stored at the target. How long it took is the run's duration (job <c>backup</c>).</summary>
    public static void BackedUp(string outcome, int objects, long bytes)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        Points.Add(1, tag);
        PointObjects.Add(objects, tag);
        PointBytes.Add(bytes, tag);
    }

    /// <summary>A request to a breach page, by what it was answered with.</summary>
    public static void BreachPage(string outcome) => Pages.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>A run of a job being timed, with its span.</summary>
    public sealed class JobRun : IDisposable
    {
        private readonly string job;
        private readonly long started = Stopwatch.GetTimestamp();

        internal JobRun(string job, ReportingPeriod? period)
        {
            this.job = job;
            Activity = Source.StartActivity($"{job} run");
            Activity?.SetTag("reporting.job", job);
            if (period is { } p)
            {
                Activity?.SetTag("reporting.period", p.ToString());
            }
        }

        /// <summary>The run's span, to add its counts to; null when nothing listens.</summary>
        public Activity? Activity { get; }

        /// <summary>What the run came to, as a code (prepared, already_prepared, busy, sent, ...); a run that ends without one failed.</summary>
        public string Outcome { get; set; } = "failed";

        /// <summary>Sets a count on the run's span.</summary>
        public JobRun Count(string name, int value)
        {
            Activity?.SetTag($"reporting.{name}", value);
            return this;
        }

        /// <summary>Records the run's duration and ends its span.</summary>
        public void Dispose()
        {
            Took.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new("job", job), new("outcome", Outcome));
            Activity?.SetTag("reporting.outcome", Outcome);
            Activity?.SetStatus(Outcome == "failed" ? ActivityStatusCode.Error : ActivityStatusCode.Ok);
            Activity?.Dispose();
        }
    }

    /// <summary>A span of a stage within a run (compose, deliver one notification, pull a source), with its period.</summary>
    public static Activity? Stage(string name, ReportingPeriod? period = null)
    {
        var activity = Source.StartActivity(name);
        if (period is { } p)
        {
            activity?.SetTag("reporting.period", p.ToString());
        }

        return activity;
    }
}
