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
/// <param name="Recipients">The keys of the week's notifications (kind and recipient).</param>
public sealed record WeeklyRun(IsoWeek Week, WeeklyOutcome Outcome, StoredEvaluation? Evaluation, int? StaleDays, DeliveryReport Delivery, IReadOnlyList<string> Unaddressed, IReadOnlyList<string> Recipients)
{
    /// <summary>A run that has sent nothing (yet).</summary>
    public static WeeklyRun Nothing(IsoWeek week, WeeklyOutcome outcome) => new(week, outcome, null, null, new DeliveryReport(0, 0, []), [], []);
}

/// <summary>
/// The Monday job: evaluate the latest snapshot dated in or before the week against the current policy and the
/// previous evaluated week, store it, then tell each team manager and head of service. Keyed by week: a second run
/// of the same week, or one at the same time, changes nothing and sends nothing already sent. The CLI runs it
/// whole (<see cref="RunAsync"/>); the Functions app evaluates on a timer (<see cref="EvaluateAsync"/>) and sends
/// each recipient's email from its own queue message (<see cref="SendAsync"/>).
/// </summary>
public sealed class WeeklyJob(ReportingTables tables, EmailSender sender, WeeklyJobOptions options, TimeProvider time)
{
    private readonly SnapshotStore snapshots = new(tables, time);
    private readonly EvaluationStore evaluations = new(tables, time);

    /// <summary>Evaluates and stores the week (unless it is already), then sends every email not yet sent.</summary>
    public async Task<WeeklyRun> RunAsync(IsoWeek week, CancellationToken cancellationToken = default)
    {
        var (run, picture) = await EvaluateWeekAsync(week, cancellationToken).ConfigureAwait(false);
        if (picture is null)
        {
            return run;
        }

        var addressees = WeeklyNotifications.Addressees(picture, options.FallbackTo);
        var delivery = await DeliverAsync(picture, addressees.All, cancellationToken).ConfigureAwait(false);
        return run with { Delivery = delivery, Recipients = [.. addressees.All.Select(a => a.Key)], Unaddressed = addressees.Unaddressed };
    }

    /// <summary>Evaluates and stores the week (unless it is already) and says who is to be told; sends nothing.</summary>
    public async Task<WeeklyRun> EvaluateAsync(IsoWeek week, CancellationToken cancellationToken = default)
    {
        var (run, picture) = await EvaluateWeekAsync(week, cancellationToken).ConfigureAwait(false);
        if (picture is null)
        {
            return run;
        }

        var addressees = WeeklyNotifications.Addressees(picture, options.FallbackTo);
        return run with { Recipients = [.. addressees.All.Select(a => a.Key)], Unaddressed = addressees.Unaddressed };
    }

    /// <summary>Composes and sends one recipient's email of an evaluated week, unless the ledger says it went.</summary>
    /// <param name="week">The week.</param>
    /// <param name="key">The notification's key, as <see cref="WeeklyRun.Recipients"/> lists it.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <exception cref="InvalidOperationException">The week is not evaluated, or no such recipient is in it.</exception>
    public async Task<DeliveryReport> SendAsync(IsoWeek week, string key, CancellationToken cancellationToken = default)
    {
        var picture = await PictureAsync(week, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{week} has not been evaluated.");
        var addressee = WeeklyNotifications.Addressees(picture, options.FallbackTo).All.FirstOrDefault(a => a.Key == key)
            ?? throw new InvalidOperationException($"{week} has no recipient {key}.");
        return await DeliverAsync(picture, [addressee], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The emails of an evaluated week, composed but not sent; null when the week has not been evaluated.</summary>
    public async Task<WeeklyMail?> PreviewAsync(IsoWeek week, CancellationToken cancellationToken = default)
    {
        var picture = await PictureAsync(week, cancellationToken).ConfigureAwait(false);
        if (picture is null)
        {
            return null;
        }

        var renderer = new EmailRenderer();
        await using (renderer.ConfigureAwait(false))
        {
            return await WeeklyNotifications.ComposeAsync(picture, options.FallbackTo, renderer).ConfigureAwait(false);
        }
    }

    private async Task<(WeeklyRun Run, WeeklyPicture? Picture)> EvaluateWeekAsync(IsoWeek week, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (outcome, claim) = await evaluations.ClaimAsync(week, cancellationToken).ConfigureAwait(false);
        if (outcome == ClaimOutcome.Busy)
        {
            return (WeeklyRun.Nothing(week, WeeklyOutcome.Busy), null);
        }

        if (claim is null)
        {
            var (evaluated, storedBefore) = await StoredWeekAsync(week, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{week} is marked evaluated but its evaluation could not be read.");
            return (WeeklyRun.Nothing(week, WeeklyOutcome.AlreadyEvaluated) with { Evaluation = storedBefore, StaleDays = evaluated.StaleDays }, evaluated);
        }

        var snapshot = await snapshots.LatestOnOrBeforeAsync(week.Sunday, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            await evaluations.ReleaseAsync(claim, cancellationToken).ConfigureAwait(false);
            return (WeeklyRun.Nothing(week, WeeklyOutcome.NoSnapshot), null);
        }

        var previous = await evaluations.LatestBeforeAsync(week, cancellationToken).ConfigureAwait(false);
        var caseloads = await snapshots.LoadCaseloadsAsync(snapshot, cancellationToken).ConfigureAwait(false);
        var policy = (await new PolicyStore(tables, time).CurrentAsync(cancellationToken).ConfigureAwait(false)).Policy;
        var evaluation = CaseloadEvaluation.Evaluate(caseloads, policy, previous?.Evaluation) with { Week = week };
        var stored = new StoredEvaluation(evaluation, snapshot.Id, time.GetUtcNow());
        await evaluations.SaveAsync(claim, stored, cancellationToken).ConfigureAwait(false);
        var picture = new WeeklyPicture(week, evaluation, previous?.Evaluation, caseloads, policy);
        return (WeeklyRun.Nothing(week, WeeklyOutcome.Evaluated) with { Evaluation = stored, StaleDays = picture.StaleDays }, picture);
    }

    /// <summary>Everything the emails of an evaluated week are made from, as stored; null when not evaluated.</summary>
    private async Task<WeeklyPicture?> PictureAsync(IsoWeek week, CancellationToken cancellationToken) =>
        (await StoredWeekAsync(week, cancellationToken).ConfigureAwait(false))?.Picture;

    private async Task<(WeeklyPicture Picture, StoredEvaluation Stored)?> StoredWeekAsync(IsoWeek week, CancellationToken cancellationToken)
    {
        var stored = await evaluations.LoadAsync(week, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        var previous = await evaluations.LatestBeforeAsync(week, cancellationToken).ConfigureAwait(false);
        var snapshot = await snapshots.GetAsync(stored.SnapshotId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{week} was evaluated from snapshot {stored.SnapshotId}, which is no longer stored.");
        var policy = await new PolicyStore(tables, time).GetAsync(stored.Evaluation.PolicyVersion, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{week} was evaluated under policy {stored.Evaluation.PolicyVersion}, which is no longer stored.");
        var caseloads = await snapshots.LoadCaseloadsAsync(snapshot, cancellationToken).ConfigureAwait(false);
        return (new WeeklyPicture(week, stored.Evaluation, previous?.Evaluation, caseloads, policy), stored);
    }

    private async Task<DeliveryReport> DeliverAsync(WeeklyPicture picture, IEnumerable<Addressee> addressees, CancellationToken cancellationToken)
    {
        IReadOnlyList<Email.Notification> notifications;
        var renderer = new EmailRenderer();
        await using (renderer.ConfigureAwait(false))
        {
            notifications = await WeeklyNotifications.ComposeAsync(picture, addressees, renderer).ConfigureAwait(false);
        }

        return await new NotificationDelivery(new NotificationLedger(tables, time), sender, time)
            .DeliverAsync(notifications, cancellationToken).ConfigureAwait(false);
    }
}
