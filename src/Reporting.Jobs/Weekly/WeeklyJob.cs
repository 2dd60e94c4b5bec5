using Caseload.Reporting.Calendar;
using Caseload.Reporting.Jobs.Actions;
using Caseload.Reporting.Storage.Actions;
using Caseload.Reporting.Content;
using Caseload.Reporting.Channels.Email;
using Caseload.Reporting.Content.Weekly;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Jobs.Telemetry;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Evaluations;
using Caseload.Reporting.Storage.Notifications;
using Caseload.Reporting.Storage.Policies;
using Caseload.Reporting.Storage.Runs;
using Caseload.Reporting.Storage.Snapshots;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Jobs.Weekly;

/// <summary>What preparing a week did.</summary>
public enum WeeklyOutcome
{
    /// <summary>This run evaluated (or finished evaluating) the week and prepared its notifications.</summary>
    Prepared,

    /// <summary>The week was prepared before; its evaluation and notifications stand.</summary>
    AlreadyPrepared,

    /// <summary>Another run is preparing the week; this one did nothing.</summary>
    Busy,

    /// <summary>No snapshot is dated in or before the week.</summary>
    NoSnapshot,
}

/// <summary>The result of preparing a week.</summary>
/// <param name="Week">The week.</param>
/// <param name="Outcome">What the run did.</param>
/// <param name="Evaluation">The week's stored evaluation, when there is one.</param>
/// <param name="StaleDays">Days before the week began that the data was taken, when more than 7.</param>
/// <param name="Notifications">The week's ledger once prepared; empty when not prepared.</param>
/// <param name="Unaddressed">Teams no one could be told about (no manager, no fallback address).</param>
/// <param name="Rerouted">Teams whose manager's address cannot be an address: their email went to the fallback.</param>
public sealed record WeeklyPreparation(IsoWeek Week, WeeklyOutcome Outcome, StoredEvaluation? Evaluation, int? StaleDays, PreparedPeriod Notifications, IReadOnlyList<string> Unaddressed, IReadOnlyList<string> Rerouted)
{
    /// <summary>How long this run took to evaluate (or read) and store the week.</summary>
    public TimeSpan EvaluatedIn { get; init; }

    /// <summary>How long this run took to compose and store the notifications.</summary>
    public TimeSpan ComposedIn { get; init; }

    /// <summary>When <see cref="WeeklyOutcome.Busy"/>: when the run preparing the week began.</summary>
    public DateTimeOffset? BusySince { get; init; }
}

/// <summary>
/// The Monday job in two stages. Prepare (the timer, or the CLI): claim the week, evaluate the latest snapshot dated
/// in or before it against the current policy and the previous evaluated week, store it, compose every team
/// manager's and head of service's email once and store each, ready to send. Deliver: each notification on its own
/// (<see cref="DeliveryJob"/>). Keyed by week: a second run of the same week, or one at the same time, changes
/// nothing and sends nothing already sent.
/// </summary>
public sealed class WeeklyJob(StorageConnection connection, Preparation preparation, DeliveryJob delivery, EmailOptions email, Channels.Teams.TeamsOptions teams, ReportingSchedule schedule, ActionLinking linking, TimeProvider time)
{
    /// <summary>The name of the week's preparation in the runs table.</summary>
    public const string Work = "weekly";

    /// <summary>Prepares the week (unless it is already), then delivers every notification of it not yet sent.</summary>
    public async Task<(WeeklyPreparation Preparation, DeliveryReport? Delivery)> RunAsync(IsoWeek week, CancellationToken cancellationToken = default)
    {
        var prepared = await PrepareAsync(week, cancellationToken).ConfigureAwait(false);
        return prepared.Outcome is WeeklyOutcome.Prepared or WeeklyOutcome.AlreadyPrepared
            ? (prepared, await delivery.DeliverPeriodAsync(week, cancellationToken).ConfigureAwait(false))
            : (prepared, null);
    }

    /// <summary>
    /// The weekly run where the host sends itself (the command line, the demo): each week missed since the last
    /// evaluated one and then <paramref name="due"/> (or <paramref name="due"/> alone), prepared then delivered,
    /// oldest first; a delivery that finds the email settings wrong stops it, since every later week would fail alike.
    /// </summary>
    public async Task<IReadOnlyList<(WeeklyPreparation Preparation, DeliveryReport? Delivery)>> RunDueAsync(IsoWeek due, bool catchUp, CancellationToken cancellationToken = default)
    {
        var runs = new List<(WeeklyPreparation, DeliveryReport?)>();
        foreach (var week in catchUp ? await WeeksToRunAsync(due, cancellationToken).ConfigureAwait(false) : [due])
        {
            var run = await RunAsync(week, cancellationToken).ConfigureAwait(false);
            runs.Add(run);
            if (run.Delivery?.Misconfiguration is not null)
            {
                break;
            }
        }

        return runs;
    }

    /// <summary>
    /// The weekly run where a queue delivers (the Functions timer, the sweep): each week missed since the last
    /// evaluated one and then <paramref name="due"/>, prepared, oldest first; sends nothing.
    /// </summary>
    public async Task<IReadOnlyList<WeeklyPreparation>> PrepareDueAsync(IsoWeek due, CancellationToken cancellationToken = default)
    {
        var prepared = new List<WeeklyPreparation>();
        foreach (var week in await WeeksToRunAsync(due, cancellationToken).ConfigureAwait(false))
        {
            prepared.Add(await PrepareAsync(week, cancellationToken).ConfigureAwait(false));
        }

        return prepared;
    }

    /// <summary>The weeks due to be run at <paramref name="due"/>: those missed since the last evaluated week, oldest first, then it.</summary>
    public async Task<IReadOnlyList<IsoWeek>> WeeksToRunAsync(IsoWeek due, CancellationToken cancellationToken = default)
    {
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var last = await stores.Evaluations.LastEvaluatedBeforeAsync(due, cancellationToken).ConfigureAwait(false);
        return WeeklyCatchUp.WeeksToRun(due, last, schedule.CatchUpWeeks);
    }

    /// <summary>Evaluates, stores and prepares the week's notifications, unless that was done before; sends nothing.</summary>
    public async Task<WeeklyPreparation> PrepareAsync(IsoWeek week, CancellationToken cancellationToken = default)
    {
        using var run = ReportingTelemetry.Run(Work, week);
        var prepared = await PrepareUntimedAsync(week, cancellationToken).ConfigureAwait(false);
        run.Outcome = Vocabulary.Code(prepared.Outcome);
        run.Count("notifications", prepared.Notifications.Records.Count).Count("notifications.to_deliver", prepared.Notifications.ToDeliver.Count);
        return prepared;
    }

    private async Task<WeeklyPreparation> PrepareUntimedAsync(IsoWeek week, CancellationToken cancellationToken)
    {
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var runs = stores.Runs;
        var evaluations = stores.Evaluations;
        var (claimed, claim) = await runs.ClaimAsync(week, Work, cancellationToken).ConfigureAwait(false);
        switch (claimed)
        {
            case RunClaimOutcome.Busy:
                return Nothing(week, WeeklyOutcome.Busy) with { BusySince = claim!.ClaimedAt };
            case RunClaimOutcome.Done:
                var done = await evaluations.LoadAsync(week, cancellationToken).ConfigureAwait(false);
                var ledger = await stores.Ledger.ListAsync(week, cancellationToken).ConfigureAwait(false);
                return Nothing(week, WeeklyOutcome.AlreadyPrepared) with
                {
                    Evaluation = done, StaleDays = done is null ? null : Staleness.DaysBefore(done.Evaluation.AsOf, week), Notifications = new PreparedPeriod(ledger),
                };
        }

        return await runs.WorkAsync(claim!, () => PrepareClaimedAsync(stores, runs, week, claim!, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<WeeklyPreparation> PrepareClaimedAsync(ReportingStores stores, PeriodRuns runs, IsoWeek week, RunClaim claim, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        // A run that died after storing the evaluation left it whole (its run row is written last): it stands.
        if ((await StoredPictureAsync(stores, week, cancellationToken).ConfigureAwait(false)
            ?? await EvaluateAsync(stores, week, claim.ClaimedAt, cancellationToken).ConfigureAwait(false)) is not { } picture)
        {
            await runs.ReleaseAsync(claim, cancellationToken).ConfigureAwait(false);
            return Nothing(week, WeeklyOutcome.NoSnapshot);
        }

        var evaluatedIn = time.GetElapsedTime(started);
        ReportingTelemetry.WeekPrepared(picture.Week.Evaluation);
        var addressees = WeeklyRecipients.Of(picture.Week.Evaluation, picture.Week.Caseloads, email.FallbackTo);
        // Every email, and each team's card for its Teams channel, in one preparation through the ledger: once per
        // recipient (or team) and week.
        var channels = new HashSet<string>(teams.Channels.Keys, StringComparer.OrdinalIgnoreCase);
        List<(NotificationKey Key, Func<TemplateRenderer, Task<Notification>> Compose)> wanted =
        [
            .. addressees.All.Select(a => (a.Key, (Func<TemplateRenderer, Task<Notification>>)(renderer => WeeklyNotifications.ComposeAsync(picture.Week, a, renderer)))),
            .. picture.Week.Caseloads.Teams
                .Select(h => (Team: picture.Week.TeamsById[h.Team.Id], Channel: TeamsChannels.For(h.Team, channels)))
                .Where(c => c.Channel is not null)
                .Select(c => (Team: c.Team, To: Recipient.Teams(c.Channel!)))
                .Select(c => (new NotificationKey(NotificationKind.TeamsChannel, c.To, c.Team.TeamId), (Func<TemplateRenderer, Task<Notification>>)(_ => Task.FromResult(Content.Teams.TeamCard.Compose(picture.Week, c.Team, c.To))))),
        ];
        var prepared = await preparation.PrepareAsync(week, wanted, (compose, renderer) => compose(renderer), cancellationToken).ConfigureAwait(false);
        await runs.CompleteAsync(claim, cancellationToken).ConfigureAwait(false);
        return new WeeklyPreparation(week, WeeklyOutcome.Prepared, picture.Stored, picture.Week.StaleDays, prepared, addressees.Unaddressed, addressees.Rerouted)
        {
            EvaluatedIn = evaluatedIn,
            ComposedIn = time.GetElapsedTime(started) - evaluatedIn,
        };
    }

    /// <summary>A week's stored evaluation; null when it has not been evaluated.</summary>
    public async Task<StoredEvaluation?> ShowAsync(IsoWeek week, CancellationToken cancellationToken = default)
    {
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        return await stores.Evaluations.LoadAsync(week, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One recipient's prepared email of a week, as it is (or was) sent; null when the week or the recipient has none.</summary>
    public async Task<PreparedEmail?> PreviewAsync(IsoWeek week, string to, CancellationToken cancellationToken = default)
    {
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var record = (await stores.Ledger.ListAsync(week, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(r => r.Key.To.Channel == Recipient.EmailChannel && string.Equals(r.Key.To.Address, to.Trim(), StringComparison.OrdinalIgnoreCase) && r.Content.Length > 0);
        return record is null ? null : PreparedEmail.Read(week, record.Key, await stores.Prepared.LoadAsync(PreparedPlace.Parse(record.Content), cancellationToken).ConfigureAwait(false));
    }

    private static WeeklyPreparation Nothing(IsoWeek week, WeeklyOutcome outcome) => new(week, outcome, null, null, new PreparedPeriod([]), [], []);

    /// <summary>
    /// Evaluates the week as its inputs stood when the run claimed it (<paramref name="evaluatedAt"/>): an action a
    /// manager records after the claim counts from the next week, and is told so (<see cref="ActionJob"/>).
    /// </summary>
    private async Task<(WeeklyPicture Week, StoredEvaluation Stored)?> EvaluateAsync(ReportingStores stores, IsoWeek week, DateTimeOffset evaluatedAt, CancellationToken cancellationToken)
    {
        var snapshots = stores.Snapshots;
        var snapshot = await snapshots.LatestOnOrBeforeAsync(week.Sunday, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return null;
        }

        var evaluations = stores.Evaluations;
        var loadingPrevious = evaluations.LatestBeforeAsync(week, cancellationToken);
        var caseloads = await snapshots.LoadCaseloadsAsync(snapshot, cancellationToken).ConfigureAwait(false);
        var previous = await loadingPrevious.ConfigureAwait(false);
        var policy = (await stores.Policies.CurrentAsync(cancellationToken).ConfigureAwait(false)).Policy;

        // A breach is as old as the stored snapshots say; one open this week began no earlier than the first of them.
        var (history, first) = await HistoryAsync(stores, snapshot, policy, cancellationToken).ConfigureAwait(false);
        var longest = first is { } since ? Period.Between(IsoWeek.Of(since).Monday, week.Monday, PeriodUnits.Days).Days / 7 + 1 : 1;
        var actions = await stores.Actions.ForWeekAsync(week, longest, cancellationToken).ConfigureAwait(false);
        var evaluation = CaseloadEvaluation.Evaluate(caseloads, policy, previous?.Evaluation, new ActionsInWeek(week, evaluatedAt, actions), history);
        var stored = new StoredEvaluation(evaluation, snapshot.Id, evaluatedAt);
        await evaluations.SaveAsync(week, stored, cancellationToken).ConfigureAwait(false);
        return (new WeeklyPicture(week, evaluation, previous?.Evaluation, caseloads, policy, linking.Links), stored);
    }

    /// <summary>
    /// The stored snapshots dated in weeks before <paramref name="snapshot"/>'s (the latest of each week), each as who it
    /// named and who was in breach under the policy in force on its date; and the first one's date.
    /// </summary>
    private static async Task<(BreachHistory History, LocalDate? First)> HistoryAsync(ReportingStores stores, StoredSnapshot snapshot, Policy current, CancellationToken cancellationToken)
    {
        var snapshots = stores.Snapshots;
        var stored = await snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
        var earlier = stored.Where(s => IsoWeek.Of(s.AsOf) < IsoWeek.Of(snapshot.AsOf))
            .GroupBy(s => IsoWeek.Of(s.AsOf)).Select(g => g.MaxBy(s => s.AsOf)!).ToList();
        var evaluated = await stores.Evaluations.ListAsync(cancellationToken).ConfigureAwait(false);
        var policies = stores.Policies;
        var byVersion = new System.Collections.Concurrent.ConcurrentDictionary<string, Task<Policy>>(StringComparer.Ordinal) { [current.Version] = Task.FromResult(current) };
        Task<Policy> PolicyOf(string version) => byVersion.GetOrAdd(version, async v => await policies.GetAsync(v, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Policy {v}, in force when an earlier week was evaluated, is no longer stored."));

        var records = new SnapshotBreaches[earlier.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, earlier.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var policy = await PolicyOf(PolicyInForce.Of(earlier[i], evaluated) ?? current.Version).ConfigureAwait(false);
            records[i] = await snapshots.LoadBreachesAsync(earlier[i], policy, token).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return (new BreachHistory(records), stored.Count > 0 ? stored.Min(s => s.AsOf) : null);
    }

    private async Task<(WeeklyPicture Week, StoredEvaluation Stored)?> StoredPictureAsync(ReportingStores stores, IsoWeek week, CancellationToken cancellationToken)
    {
        var evaluations = stores.Evaluations;
        var stored = await evaluations.LoadAsync(week, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        var loadingPrevious = evaluations.LatestBeforeAsync(week, cancellationToken);
        var snapshots = stores.Snapshots;
        var snapshot = await snapshots.GetAsync(stored.SnapshotId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{week} was evaluated from snapshot {stored.SnapshotId}, which is no longer stored.");
        var policy = await stores.Policies.GetAsync(stored.Evaluation.PolicyVersion, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{week} was evaluated under policy {stored.Evaluation.PolicyVersion}, which is no longer stored.");
        var caseloads = await snapshots.LoadCaseloadsAsync(snapshot, cancellationToken).ConfigureAwait(false);
        var previous = await loadingPrevious.ConfigureAwait(false);
        return (new WeeklyPicture(week, stored.Evaluation, previous?.Evaluation, caseloads, policy, linking.Links), stored);
    }
}
