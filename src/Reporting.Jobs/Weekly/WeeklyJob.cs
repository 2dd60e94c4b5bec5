using Caseload.Reporting.Calendar;
using Caseload.Reporting.Email.Sending;
using Caseload.Reporting.Email.Weekly;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Evaluations;
using Caseload.Reporting.Storage.Notifications;
using Caseload.Reporting.Storage.Policies;
using Caseload.Reporting.Storage.Snapshots;

namespace Caseload.Reporting.Jobs.Weekly;

/// <summary>How the weekly job is run.</summary>
public sealed class WeeklyJobOptions
{
    /// <summary>Where a team without a manager's email goes (<c>Reporting:Email:FallbackTo</c>).</summary>
    public string? FallbackTo { get; set; }
}

/// <summary>What a weekly run did.</summary>
public enum WeeklyOutcome
{
    /// <summary>The week was evaluated and stored by this run.</summary>
    Evaluated,

    /// <summary>The week was evaluated before; its stored evaluation stood, and only unsent emails went.</summary>
    AlreadyEvaluated,

    /// <summary>Another run holds the week; this one did nothing.</summary>
    Busy,

    /// <summary>No snapshot is dated in or before the week.</summary>
    NoSnapshot,
}

/// <summary>The result of a weekly run.</summary>
/// <param name="Week">The week.</param>
/// <param name="Outcome">What the run did.</param>
/// <param name="Evaluation">The week's stored evaluation, when there is one.</param>
/// <param name="StaleDays">Days before the week began that the data was taken, when more than 7.</param>
/// <param name="Delivery">What was sent.</param>
/// <param name="Unaddressed">Teams no one could be told about (no manager, no fallback address).</param>
public sealed record WeeklyRun(IsoWeek Week, WeeklyOutcome Outcome, StoredEvaluation? Evaluation, int? StaleDays, DeliveryReport Delivery, IReadOnlyList<string> Unaddressed);

/// <summary>
/// The Monday job: evaluate the latest snapshot dated in or before the week against the current policy and the
/// previous evaluated week, store it, then tell each team manager and head of service. Keyed by week: a second run
/// of the same week, or one at the same time, changes nothing and sends nothing already sent.
/// </summary>
public sealed class WeeklyJob(ReportingTables tables, EmailSender sender, WeeklyJobOptions options, TimeProvider time)
{
    private readonly SnapshotStore snapshots = new(tables, time);
    private readonly EvaluationStore evaluations = new(tables, time);

    /// <summary>The emails of an evaluated week, composed but not sent; null when the week has not been evaluated.</summary>
    public async Task<WeeklyMail?> PreviewAsync(IsoWeek week, CancellationToken cancellationToken = default)
    {
        var stored = await evaluations.LoadAsync(week, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        var previous = await evaluations.LatestBeforeAsync(week, cancellationToken).ConfigureAwait(false);
        var (caseloads, policy) = await LineageAsync(week, stored, cancellationToken).ConfigureAwait(false);
        return await ComposeAsync(new WeeklyPicture(week, stored.Evaluation, previous?.Evaluation, caseloads, policy), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the job for a week.</summary>
    public async Task<WeeklyRun> RunAsync(IsoWeek week, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var nothing = new DeliveryReport(0, 0, []);
        var (outcome, claim) = await evaluations.ClaimAsync(week, cancellationToken).ConfigureAwait(false);
        if (outcome == ClaimOutcome.Busy)
        {
            return new WeeklyRun(week, WeeklyOutcome.Busy, null, null, nothing, []);
        }

        var previous = await evaluations.LatestBeforeAsync(week, cancellationToken).ConfigureAwait(false);
        StoredEvaluation stored;
        CaseloadSummary caseloads;
        Policies.Policy policy;
        if (claim is not null)
        {
            var snapshot = await snapshots.LatestOnOrBeforeAsync(week.Sunday, cancellationToken).ConfigureAwait(false);
            if (snapshot is null)
            {
                await evaluations.ReleaseAsync(claim, cancellationToken).ConfigureAwait(false);
                return new WeeklyRun(week, WeeklyOutcome.NoSnapshot, null, null, nothing, []);
            }

            caseloads = await snapshots.LoadCaseloadsAsync(snapshot, cancellationToken).ConfigureAwait(false);
            policy = (await new PolicyStore(tables, time).CurrentAsync(cancellationToken).ConfigureAwait(false)).Policy;
            var evaluation = CaseloadEvaluation.Evaluate(caseloads, policy, previous?.Evaluation) with { Week = week };
            stored = new StoredEvaluation(evaluation, snapshot.Id, time.GetUtcNow());
            await evaluations.SaveAsync(claim, stored, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            stored = await evaluations.LoadAsync(week, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{week} is marked evaluated but its evaluation could not be read.");
            (caseloads, policy) = await LineageAsync(week, stored, cancellationToken).ConfigureAwait(false);
        }

        var picture = new WeeklyPicture(week, stored.Evaluation, previous?.Evaluation, caseloads, policy);
        var mail = await ComposeAsync(picture, cancellationToken).ConfigureAwait(false);
        var delivery = await new NotificationDelivery(new NotificationLedger(tables, time), sender, time)
            .DeliverAsync(mail.Notifications, cancellationToken).ConfigureAwait(false);
        return new WeeklyRun(
            week,
            claim is null ? WeeklyOutcome.AlreadyEvaluated : WeeklyOutcome.Evaluated,
            stored,
            picture.StaleDays,
            delivery,
            mail.Unaddressed);
    }

    /// <summary>The caseloads and the policy a stored evaluation was made from.</summary>
    private async Task<(CaseloadSummary Caseloads, Policies.Policy Policy)> LineageAsync(IsoWeek week, StoredEvaluation stored, CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.GetAsync(stored.SnapshotId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{week} was evaluated from snapshot {stored.SnapshotId}, which is no longer stored.");
        var policy = await new PolicyStore(tables, time).GetAsync(stored.Evaluation.PolicyVersion, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{week} was evaluated under policy {stored.Evaluation.PolicyVersion}, which is no longer stored.");
        return (await snapshots.LoadCaseloadsAsync(snapshot, cancellationToken).ConfigureAwait(false), policy);
    }

    private async Task<WeeklyMail> ComposeAsync(WeeklyPicture picture, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var renderer = new EmailRenderer();
        await using (renderer.ConfigureAwait(false))
        {
            return await WeeklyNotifications.ComposeAsync(picture, options.FallbackTo, renderer).ConfigureAwait(false);
        }
    }
}
