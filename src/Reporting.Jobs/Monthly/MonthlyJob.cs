using Caseload.Reporting.Jobs.Telemetry;
using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Capacity;
using Caseload.Reporting.Content;
using Caseload.Reporting.Content.Monthly;
using Caseload.Reporting.Channels.Email;
using Caseload.Reporting.Content.Weekly;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Jobs.Benchmarks;
using Caseload.Reporting.Jobs.Region;
using Caseload.Reporting.Region;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Evaluations;
using Caseload.Reporting.Storage.Improvement;
using Caseload.Reporting.Storage.Notifications;
using Caseload.Reporting.Storage.Policies;
using Caseload.Reporting.Storage.Runs;
using Caseload.Reporting.Storage.Snapshots;
using Caseload.Reporting.Workforce;
using NodaTime;

namespace Caseload.Reporting.Jobs.Monthly;

/// <summary>What a monthly run did.</summary>
public enum MonthlyOutcome
{
    /// <summary>The month's measures were computed and stored (and, when preparing, its digests prepared).</summary>
    Computed,

    /// <summary>The month was prepared before; its stored measures and digests stand.</summary>
    AlreadyPrepared,

    /// <summary>Another run is preparing the month.</summary>
    Busy,

    /// <summary>No improvement plan is set.</summary>
    NoPlan,

    /// <summary>No snapshot is dated in the month.</summary>
    NoSnapshot,
}

/// <summary>The result of a monthly run.</summary>
/// <param name="Month">The month.</param>
/// <param name="Outcome">What the run did.</param>
/// <param name="Digest">The digest, when this run computed it.</param>
/// <param name="Notifications">The month's ledger once prepared; empty otherwise.</param>
public sealed record MonthlyRun(YearMonth Month, MonthlyOutcome Outcome, MonthlyDigest? Digest, PreparedPeriod Notifications)
{
    /// <summary>When <see cref="MonthlyOutcome.Busy"/>: when the run preparing the month began.</summary>
    public DateTimeOffset? BusySince { get; init; }

    /// <summary>What became of the council's return to its region's drop, in words; null when it takes no part.</summary>
    public string? RegionReturn { get; init; }
}

/// <summary>
/// The job of the 1st: each measure of the current plan at the month's last snapshot, with last month's actual and
/// twelve months of trend, from what was stored: each month's caseloads evaluated under the policy its weekly
/// evaluation used (the policy in force then), the month's breaches from its stored weekly evaluations. Stored; then
/// the digest composed once (with its PDF summary and XLSX data pack) and prepared for every leadership address.
/// </summary>
public sealed class MonthlyJob(StorageConnection connection, Preparation preparation, DeliveryJob delivery, BenchmarkJob benchmarks, RegionJob region, EmailOptions email, TimeProvider time)
{
    private const int TrendMonths = 12;
    private const string Work = "monthly";

    /// <summary>The name of writing the month's return to the region's drop in the runs table: done once, tried again until it is.</summary>
    private const string RegionWork = "region-return";

    /// <summary>Computes and stores the month's measures; prepares and sends nothing.</summary>
    public async Task<MonthlyRun> ComputeAsync(YearMonth month, CancellationToken cancellationToken = default)
    {
        using var run = ReportingTelemetry.Run(Work, month);
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var digest = await ComputeAndStoreAsync(stores, month, cancellationToken).ConfigureAwait(false);
        run.Outcome = Vocabulary.Code(digest.Outcome);
        return new MonthlyRun(month, digest.Outcome, digest.Digest, new PreparedPeriod([]));
    }

    /// <summary>Computes and stores the month, then prepares the digest for every leadership address; sends nothing.</summary>
    /// <exception cref="InvalidOperationException">No leadership address is set.</exception>
    public async Task<MonthlyRun> PrepareAsync(YearMonth month, CancellationToken cancellationToken = default)
    {
        using var run = ReportingTelemetry.Run(Work, month);
        var prepared = await PrepareUntimedAsync(month, cancellationToken).ConfigureAwait(false);
        run.Outcome = Vocabulary.Code(prepared.Outcome);
        run.Count("notifications", prepared.Notifications.Records.Count).Count("notifications.to_deliver", prepared.Notifications.ToDeliver.Count);
        return prepared;
    }

    private async Task<MonthlyRun> PrepareUntimedAsync(YearMonth month, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var recipients = email.Leadership;
        if (recipients.Count == 0)
        {
            throw new InvalidOperationException("Reporting:Email:LeadershipTo is not set: no one to send the digest to.");
        }

        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var runs = stores.Runs;
        var (claimed, claim) = await runs.ClaimAsync(month, Work, cancellationToken).ConfigureAwait(false);
        var run = claimed switch
        {
            RunClaimOutcome.Busy => new MonthlyRun(month, MonthlyOutcome.Busy, null, new PreparedPeriod([])) { BusySince = claim!.ClaimedAt },
            RunClaimOutcome.Done => new MonthlyRun(month, MonthlyOutcome.AlreadyPrepared, null, new PreparedPeriod(await stores.Ledger.ListAsync(month, cancellationToken).ConfigureAwait(false))),
            _ => await runs.WorkAsync(claim!, () => PrepareClaimedAsync(stores, runs, month, claim!, recipients, cancellationToken)).ConfigureAwait(false),
        };

        // The return to the region's drop, once the digest is prepared: a failure is said and tried again on the next
        // run (the timer's second firing, the sweep), and never stops the digest.
        return run.Outcome is MonthlyOutcome.Computed or MonthlyOutcome.AlreadyPrepared && region.Configured
            ? run with { RegionReturn = await PublishReturnAsync(runs, month, cancellationToken).ConfigureAwait(false) }
            : run;
    }

    /// <summary>Writes the month's return to the region's drop unless it was written before; what came of it, in words.</summary>
    private async Task<string> PublishReturnAsync(PeriodRuns runs, YearMonth month, CancellationToken cancellationToken)
    {
        var (claimed, claim) = await runs.ClaimAsync(month, RegionWork, cancellationToken).ConfigureAwait(false);
        switch (claimed)
        {
            case RunClaimOutcome.Done:
                return "the return to the region's drop was written before";
            case RunClaimOutcome.Busy:
                return "another run is writing the return to the region's drop";
        }

        try
        {
            return await runs.WorkAsync(claim!, async () =>
            {
                var written = await region.PublishAsync(month, cancellationToken).ConfigureAwait(false);
                await runs.CompleteAsync(claim!, cancellationToken).ConfigureAwait(false);
                return $"the return written to the region's drop: {written.Path}";
            }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or StorageUnavailableException or StorageSettingException or IOException or UnauthorizedAccessException or Azure.RequestFailedException)
        {
            return $"the return to the region's drop was NOT written ({(e is Azure.RequestFailedException ? "the drop refused it" : e.Message)}); the next run tries again, or `reporting region publish --month {month:yyyy-MM}`";
        }
    }

    private async Task<MonthlyRun> PrepareClaimedAsync(ReportingStores stores, PeriodRuns runs, YearMonth month, RunClaim claim, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        var (outcome, digest) = await ComputeAndStoreAsync(stores, month, cancellationToken).ConfigureAwait(false);
        if (digest is null)
        {
            await runs.ReleaseAsync(claim, cancellationToken).ConfigureAwait(false);
            return new MonthlyRun(month, outcome, null, new PreparedPeriod([]));
        }

        // The count's large arrays are garbage now: at national scale some 400 MB the collector would keep while the
        // PDF is composed. Handed back first, the compose starts near the ~50 MB the digest holds (docs/performance.md).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var renderer = new TemplateRenderer();
        await using (renderer.ConfigureAwait(false))
        {
            // The digest, its PDF and its data pack are made once, for whichever recipients the ledger lacks.
            var composed = new Lazy<Task<IReadOnlyList<Notification>>>(() => LeadershipDigest.ComposeAsync(digest, recipients, renderer, time.GetUtcNow()));
            var prepared = await preparation.PrepareAsync(
                month,
                [.. recipients.Select(r => (new NotificationKey(NotificationKind.LeadershipDigest, Recipient.Email(r)), r))],
                async (recipient, _) => (await composed.Value.ConfigureAwait(false)).Single(n => n.To.Address == recipient),
                cancellationToken).ConfigureAwait(false);
            await runs.CompleteAsync(claim, cancellationToken).ConfigureAwait(false);
            return new MonthlyRun(month, outcome, digest, prepared);
        }
    }

    /// <summary>Prepares the month (unless it is already), then delivers every digest of it not yet sent.</summary>
    public async Task<(MonthlyRun Run, DeliveryReport? Delivery)> RunAsync(YearMonth month, CancellationToken cancellationToken = default)
    {
        var run = await PrepareAsync(month, cancellationToken).ConfigureAwait(false);
        return run.Outcome is MonthlyOutcome.Computed or MonthlyOutcome.AlreadyPrepared
            ? (run, await delivery.DeliverPeriodAsync(month, cancellationToken).ConfigureAwait(false))
            : (run, null);
    }

    /// <summary>A month's stored measures, or null when the month was never computed.</summary>
    public async Task<StoredMonth?> ShowAsync(YearMonth month, CancellationToken cancellationToken = default)
    {
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        return await stores.Improvement.LoadAsync(month, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(MonthlyOutcome Outcome, MonthlyDigest? Digest)> ComputeAndStoreAsync(ReportingStores stores, YearMonth month, CancellationToken cancellationToken)
    {
        var (outcome, digest) = await BuildAsync(stores, month, cancellationToken).ConfigureAwait(false);
        if (digest is not null)
        {
            await stores.Improvement.SaveAsync(
                month, digest.Snapshots[0].Id, digest.PolicyVersion, digest.PlanVersion, time.GetUtcNow(), digest.Measures, digest.Benchmarks.Comparison, cancellationToken).ConfigureAwait(false);
        }

        return (outcome, digest);
    }

    /// <summary>The month's digest from the stored snapshots and evaluations; stores nothing.</summary>
    private async Task<(MonthlyOutcome Outcome, MonthlyDigest? Digest)> BuildAsync(ReportingStores stores, YearMonth month, CancellationToken cancellationToken)
    {
        var plan = await stores.Plans.CurrentAsync(cancellationToken).ConfigureAwait(false);
        if (plan is null)
        {
            return (MonthlyOutcome.NoPlan, null);
        }

        var snapshots = stores.Snapshots;
        var stored = await snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
        var months = Enumerable.Range(0, TrendMonths + 1).Select(i => month.PlusMonths(i - TrendMonths)).ToList();
        var monthEnds = months.ToDictionary(m => m, m => stored.LastOrDefault(s => s.AsOf.ToYearMonth() == m));
        if (monthEnds[month] is null)
        {
            return (MonthlyOutcome.NoSnapshot, null);
        }

        // DfE's figures in use, and the council among them (refused here when the setting names a council they lack).
        var published = await benchmarks.InUseAsync(cancellationToken).ConfigureAwait(false);
        var council = benchmarks.CouncilIn(published);
        var census = council is null ? null : BenchmarkJob.CensusDayOf(stored, published.Indicators.LatestYear);

        // Who left in each year the month needs: its own (the headline and the comparison), the census day's, and
        // every month-end's when the plan measures turnover; the rosters read forward once for all of them.
        var turnoverPoints = plan.Plan.Measures.Any(m => m.Metric == Metric.TurnoverRateFte) ? monthEnds.Values.OfType<StoredSnapshot>() : [monthEnds[month]!];
        var turnover = await snapshots.TurnoverAsync([.. turnoverPoints, .. census is null ? [] : new[] { census }], cancellationToken).ConfigureAwait(false);

        var evaluations = stores.Evaluations;
        var evaluated = await evaluations.ListAsync(cancellationToken).ConfigureAwait(false);
        var policies = stores.Policies;
        var current = (await policies.CurrentAsync(cancellationToken).ConfigureAwait(false)).Policy;
        var byVersion = new Dictionary<string, Policy>(StringComparer.Ordinal) { [current.Version] = current };

        // Each month-end in date order, one at a time: its summary read, its stability counted (the history read
        // forward, each snapshot once) or read where it was counted before, its figures worked out and kept as the few
        // numbers the trend needs; only the month's own figures are kept whole.
        var stability = await snapshots.StabilityAsync(cancellationToken).ConfigureAwait(false);
        var ends = new Dictionary<YearMonth, MonthEnd>();
        SnapshotFigures? monthFigures = null;
        foreach (var snapshot in monthEnds.Values.OfType<StoredSnapshot>())
        {
            var (summary, children) = await snapshots.LoadSummaryAsync(snapshot, cancellationToken).ConfigureAwait(false);
            var teamOfWorker = summary.Workers.ToDictionary(w => w.Worker.Id, w => w.Worker.TeamId, StringComparer.Ordinal);
            var stable = await stability.AtAsync(snapshot, teamOfWorker, cancellationToken).ConfigureAwait(false);
            var version = PolicyInForce.Of(snapshot, evaluated) ?? current.Version;
            if (!byVersion.TryGetValue(version, out var policy))
            {
                policy = byVersion[version] = await policies.GetAsync(version, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The snapshot of {snapshot.AsOf} was evaluated under policy {version}, which is no longer stored.");
            }

            var figures = new SnapshotFigures(summary, CaseloadEvaluation.Evaluate(summary, policy), children, stable) { Turnover = turnover.GetValueOrDefault(snapshot.Id) };
            var end = snapshot.AsOf.ToYearMonth();
            ends[end] = new MonthEnd(plan.Plan.Measures.ToDictionary(m => m.Id, m => figures.Of(m.Metric, m.Filter), StringComparer.Ordinal), version, PostsTotals.Of(figures.Posts));
            monthFigures = end == month ? figures : monthFigures;
        }

        decimal? Actual(Measure measure, YearMonth m) => ends.TryGetValue(m, out var end) ? end.Actuals[measure.Id] : null;
        var earliest = stored.Count == 0 ? (LocalDate?)null : stored[0].AsOf;
        LocalDate DateOf(YearMonth m) => monthEnds[m]?.AsOf ?? m.OnDayOfMonth(m.Calendar.GetDaysInMonth(m.Year, m.Month));
        var trends = plan.Plan.Measures.Select(measure => new MeasureTrend(
            MeasureStanding.Of(measure, monthFigures!, Actual(measure, month.PlusMonths(-1)), earliest),
            [.. months.Skip(1).Select(m => new TrendPoint(
                m,
                Actual(measure, m),
                measure.ExpectedOn(DateOf(m)),
                ends.GetValueOrDefault(m)?.PolicyVersion,
                History.Of(measure.Metric, DateOf(m), earliest).Complete))])).ToList();

        var weeks = new List<IsoWeek>();
        var inMonth = new List<CaseloadEvaluation>();
        foreach (var week in MonthBreaches.WeeksOf(month))
        {
            if (await evaluations.LoadAsync(week, cancellationToken).ConfigureAwait(false) is { } evaluation)
            {
                weeks.Add(week);
                inMonth.Add(evaluation.Evaluation);
            }
        }

        var lineage = monthEnds.Values.OfType<StoredSnapshot>().Reverse()
            .Select(s => new SnapshotLineage(s.Id, s.AsOf, s.Source, s.Teams, s.Workers, s.Allocations, s.FileHashes)).ToList();
        var posts = months.Skip(1).Select(m => new PostsPoint(m, ends.GetValueOrDefault(m)?.Posts)).ToList();
        var councilNow = BenchmarkJob.FiguresAt(monthEnds[month]!, monthFigures!.Caseloads, turnover, stored);
        var councilOnCensusDay = census is null ? null
            : BenchmarkJob.FiguresAt(census, (await snapshots.LoadSummaryAsync(census, cancellationToken).ConfigureAwait(false)).Caseloads, turnover, stored);
        var standing = new Benchmarking(published.Indicators, published.Neighbours, councilNow,
            council is null ? null : BenchmarkComparison.Of(published.Indicators, published.Neighbours, council, councilNow, councilOnCensusDay))
        {
            Region = await RegionAsync(published, month, councilNow, cancellationToken).ConfigureAwait(false),
        };
        return (MonthlyOutcome.Computed, new MonthlyDigest(month, plan.Plan.Name, plan.SetAt, plan.Plan.Version, monthFigures.Evaluation.PolicyVersion, monthFigures, trends, weeks, MonthBreaches.Of(inMonth), lineage, posts, standing));
    }

    /// <summary>The council among its region's returns; null when it takes no part, or the drop cannot be read now (the digest goes without it).</summary>
    private async Task<RegionComparison?> RegionAsync(PublishedInUse published, YearMonth month, WorkforceFigures councilNow, CancellationToken cancellationToken)
    {
        try
        {
            return await region.DigestAsync(published, month, councilNow, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is StorageUnavailableException or IOException or UnauthorizedAccessException or Azure.RequestFailedException)
        {
            return null;
        }
    }

    /// <summary>What a month-end gives the trend: each measure's figure by its id, the policy it was evaluated under, its posts.</summary>
    private sealed record MonthEnd(IReadOnlyDictionary<string, decimal?> Actuals, string PolicyVersion, PostsTotals Posts);
}
