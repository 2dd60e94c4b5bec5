using Caseload.Reporting.Calendar;
using Caseload.Reporting.Email;
using Caseload.Reporting.Email.Monthly;
using Caseload.Reporting.Email.Sending;
using Caseload.Reporting.Email.Weekly;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Evaluations;
using Caseload.Reporting.Storage.Improvement;
using Caseload.Reporting.Storage.Notifications;
using Caseload.Reporting.Storage.Policies;
using Caseload.Reporting.Storage.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Jobs.Monthly;

/// <summary>How the monthly job is run.</summary>
public sealed class MonthlyJobOptions
{
    /// <summary>Who receives the digest (<c>Reporting:Email:LeadershipTo</c>, addresses separated by commas or semicolons).</summary>
    public string? LeadershipTo { get; set; }

    /// <summary>The leadership addresses, trimmed, each once.</summary>
    public IReadOnlyList<string> Recipients => [.. (LeadershipTo ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase)];
}

/// <summary>What a monthly run did.</summary>
public enum MonthlyOutcome
{
    /// <summary>The month's measures were computed and stored.</summary>
    Computed,

    /// <summary>No improvement plan is set.</summary>
    NoPlan,

    /// <summary>No snapshot is dated in the month.</summary>
    NoSnapshot,
}

/// <summary>The result of a monthly run.</summary>
/// <param name="Month">The month.</param>
/// <param name="Outcome">What the run did.</param>
/// <param name="Digest">The digest, when computed.</param>
/// <param name="Delivery">What was sent.</param>
/// <param name="Recipients">The keys of the month's notifications.</param>
public sealed record MonthlyRun(YearMonth Month, MonthlyOutcome Outcome, MonthlyDigest? Digest, DeliveryReport Delivery, IReadOnlyList<string> Recipients);

/// <summary>
/// The job of the 1st: each measure of the current plan at the month's last snapshot, under the current policy,
/// with last month's actual and twelve months of trend, stored; then the digest to leadership through the ledger,
/// once per month and recipient. Computing is repeatable: the same stored data gives the same figures.
/// </summary>
public sealed class MonthlyJob(ReportingTables tables, EmailSender sender, MonthlyJobOptions options, TimeProvider time)
{
    private const int TrendMonths = 12;
    private readonly SnapshotStore snapshots = new(tables, time);

    /// <summary>Computes and stores the month's measures; sends nothing.</summary>
    public async Task<MonthlyRun> ComputeAsync(YearMonth month, CancellationToken cancellationToken = default)
    {
        var run = await BuildAsync(month, cancellationToken).ConfigureAwait(false);
        if (run.Digest is { } digest)
        {
            await new ImprovementStore(tables).SaveAsync(
                month, digest.Snapshots[0].Id, digest.PolicyVersion, digest.PlanVersion, time.GetUtcNow(), [.. digest.Measures.Select(m => m.Standing)], cancellationToken).ConfigureAwait(false);
        }

        return run;
    }

    /// <summary>The month's digest from the stored snapshots and evaluations; stores nothing.</summary>
    private async Task<MonthlyRun> BuildAsync(YearMonth month, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var plan = await new PlanStore(tables, time).CurrentAsync(cancellationToken).ConfigureAwait(false);
        if (plan is null)
        {
            return Nothing(month, MonthlyOutcome.NoPlan);
        }

        var policy = (await new PolicyStore(tables, time).CurrentAsync(cancellationToken).ConfigureAwait(false)).Policy;
        var stored = await snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
        var months = Enumerable.Range(0, TrendMonths + 1).Select(i => month.PlusMonths(i - TrendMonths)).ToList();
        var monthEnds = months.ToDictionary(m => m, m => stored.LastOrDefault(s => s.AsOf.ToYearMonth() == m));
        if (monthEnds[month] is null)
        {
            return Nothing(month, MonthlyOutcome.NoSnapshot);
        }

        var caseloads = new List<(StoredSnapshot Snapshot, CaseloadSummary Caseloads)>();
        foreach (var snapshot in monthEnds.Values.OfType<StoredSnapshot>())
        {
            caseloads.Add((snapshot, await snapshots.LoadCaseloadsAsync(snapshot, cancellationToken).ConfigureAwait(false)));
        }

        var stability = await snapshots.LoadStabilityAsync(caseloads, cancellationToken).ConfigureAwait(false);
        var figures = new Dictionary<YearMonth, SnapshotFigures>();
        foreach (var (snapshot, summary) in caseloads)
        {
            var children = await snapshots.LoadChildCountsAsync(snapshot, cancellationToken).ConfigureAwait(false);
            figures[snapshot.AsOf.ToYearMonth()] = new SnapshotFigures(summary, CaseloadEvaluation.Evaluate(summary, policy), children, stability[snapshot.Id]);
        }

        decimal? Actual(Measure measure, YearMonth m) => figures.TryGetValue(m, out var f) ? f.Of(measure.Metric, measure.Filter) : null;
        var trends = plan.Plan.Measures.Select(measure => new MeasureTrend(
            MeasureStanding.Of(measure, figures[month], Actual(measure, month.PlusMonths(-1))),
            [.. months.Skip(1).Select(m => new TrendPoint(m, Actual(measure, m), measure.ExpectedOn(monthEnds[m]?.AsOf ?? m.OnDayOfMonth(m.Calendar.GetDaysInMonth(m.Year, m.Month)))))])).ToList();

        var (weeks, breaches) = await BreachesAsync(month, cancellationToken).ConfigureAwait(false);
        var lineage = monthEnds.Values.OfType<StoredSnapshot>().Reverse()
            .Select(s => new SnapshotLineage(s.Id, s.AsOf, s.Source, s.Teams, s.Workers, s.Allocations, s.FileHashes)).ToList();
        var digest = new MonthlyDigest(month, plan.Plan.Name, plan.Plan.Version, policy.Version, figures[month], trends, weeks, breaches, lineage);
        return new MonthlyRun(month, MonthlyOutcome.Computed, digest, new DeliveryReport(0, 0, []), [.. options.Recipients.Select(r => Notification.KeyOf(NotificationKind.LeadershipDigest, r))]);
    }

    /// <summary>Computes and stores the month, then sends the digest to every leadership address not yet sent it.</summary>
    public async Task<MonthlyRun> RunAsync(YearMonth month, CancellationToken cancellationToken = default)
    {
        var run = await BuildAsync(month, cancellationToken).ConfigureAwait(false);
        return run.Digest is null ? run : run with { Delivery = await DeliverAsync(run.Digest, options.Recipients, cancellationToken).ConfigureAwait(false) };
    }

    /// <summary>Sends one recipient's digest of a month, unless the ledger says it went; the month stored by the timer is not stored again.</summary>
    /// <exception cref="InvalidOperationException">The month cannot be computed, or the key is not a leadership recipient.</exception>
    public async Task<DeliveryReport> SendAsync(YearMonth month, string key, CancellationToken cancellationToken = default)
    {
        var recipient = options.Recipients.FirstOrDefault(r => Notification.KeyOf(NotificationKind.LeadershipDigest, r) == key)
            ?? throw new InvalidOperationException($"{LeadershipDigest.PeriodOf(month)} has no leadership recipient {key}.");
        var run = await BuildAsync(month, cancellationToken).ConfigureAwait(false);
        return run.Digest is null
            ? throw new InvalidOperationException($"{LeadershipDigest.PeriodOf(month)} cannot be reported: {run.Outcome}.")
            : await DeliverAsync(run.Digest, [recipient], cancellationToken).ConfigureAwait(false);
    }

    private static MonthlyRun Nothing(YearMonth month, MonthlyOutcome outcome) => new(month, outcome, null, new DeliveryReport(0, 0, []), []);

    /// <summary>
    /// The workers over their limit in the evaluated weeks whose Monday is in the month: resolved if back within
    /// by the last of them, new if first over in the month, continuing otherwise.
    /// </summary>
    private async Task<(IReadOnlyList<IsoWeek> Weeks, IReadOnlyList<MonthBreach> Breaches)> BreachesAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var evaluations = new EvaluationStore(tables, time);
        var weeks = new List<IsoWeek>();
        var seen = new Dictionary<string, (WorkerCaseload Last, bool New, bool Over)>(StringComparer.Ordinal);
        var first = month.OnDayOfMonth(1);
        for (var monday = first.With(DateAdjusters.NextOrSame(IsoDayOfWeek.Monday)); monday.ToYearMonth() == month; monday = monday.PlusWeeks(1))
        {
            var week = IsoWeek.Of(monday);
            if (await evaluations.LoadAsync(week, cancellationToken).ConfigureAwait(false) is not { } stored)
            {
                continue;
            }

            weeks.Add(week);
            foreach (var worker in stored.Evaluation.Workers)
            {
                var before = seen.GetValueOrDefault(worker.WorkerId);
                if (worker.InBreach || worker.Status == BreachStatus.Resolved || before.Over)
                {
                    seen[worker.WorkerId] = (worker, before.New || worker.Status == BreachStatus.New, before.Over || worker.InBreach);
                }
            }
        }

        var breaches = seen.Values
            .Where(s => s.Over || s.Last.Status == BreachStatus.Resolved)
            .Select(s => new MonthBreach(
                s.Last.TeamId, s.Last.Name,
                !s.Last.InBreach ? BreachStatus.Resolved : s.New ? BreachStatus.New : BreachStatus.Continuing,
                s.Last.WeeksInBreach, s.Last.OverBy, s.Last.Band))
            .ToList();
        return (weeks, breaches);
    }

    private async Task<DeliveryReport> DeliverAsync(MonthlyDigest digest, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        IReadOnlyList<Notification> notifications;
        var renderer = new EmailRenderer();
        await using (renderer.ConfigureAwait(false))
        {
            notifications = await LeadershipDigest.ComposeAsync(digest, recipients, renderer, time.GetUtcNow()).ConfigureAwait(false);
        }

        return await new NotificationDelivery(new NotificationLedger(tables, time), sender, time).DeliverAsync(notifications, cancellationToken).ConfigureAwait(false);
    }
}
