using Caseload.Reporting.Notifications;
using Caseload.Reporting.Staff;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Jobs.StaffData;
using Caseload.Reporting.Storage.Notifications;
using Caseload.Reporting.Storage.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Jobs.Retention;

/// <summary>What a retention run deleted.</summary>
/// <param name="KeptFrom">The first day kept; null when retention is not set and nothing was deleted.</param>
/// <param name="Snapshots">Snapshots deleted.</param>
/// <param name="Blobs">Blobs of those snapshots deleted: their files as received, caseloads and allocation history.</param>
public sealed record RetentionRun(LocalDate? KeptFrom, int Snapshots, int Blobs);

/// <summary>What a retention run would delete, for a person to confirm first.</summary>
/// <param name="KeptFrom">The first day that would be kept.</param>
/// <param name="Snapshots">How many snapshots are dated before it.</param>
/// <param name="From">The earliest of them, when there is one.</param>
/// <param name="To">The latest of them, when there is one.</param>
public sealed record RetentionPlan(LocalDate KeptFrom, int Snapshots, LocalDate? From, LocalDate? To);

/// <summary>What staff retention let go, or would.</summary>
/// <param name="KeptFrom">The first day whose staff data is kept as it is.</param>
/// <param name="Weeks">Evaluated weeks whose names were (or would be) pseudonymised and notes deleted.</param>
/// <param name="Actions">Actions whose note was (or would be) deleted and recorder pseudonymised.</param>
/// <param name="Messages">Stored messages whose bodies were (or would be) deleted.</param>
/// <param name="Withdrawn">Of those, messages never sent, withdrawn.</param>
public sealed record StaffRetention(LocalDate KeptFrom, int Weeks, int Actions, int Messages, int Withdrawn)
{
    /// <summary>Whether there was nothing to let go.</summary>
    public bool Nothing => Weeks == 0 && Actions == 0 && Messages == 0;
}

/// <summary>
/// Forgets what holds child ids once it is older than the council keeps (<c>Reporting:Retention:Days</c>): each
/// snapshot dated before the cutoff, its lineage row and every blob of it (the files as received, the caseloads,
/// the allocation history). Evaluations, which hold no child
/// ids, are kept; nothing is deleted without the setting. And lets go of staff data older than the council keeps it
/// (<c>Reporting:Retention:StaffDays</c>): see <see cref="StaffAsync"/>.
/// </summary>
public sealed class RetentionJob(StorageConnection connection, RetentionOptions options, Backup.BackupArchives archives, TimeProvider time)
{
    /// <summary>What <see cref="RunAsync"/> would delete for <paramref name="days"/> days before <paramref name="today"/>; deletes nothing.</summary>
    public async Task<RetentionPlan> PlanAsync(LocalDate today, int days, CancellationToken cancellationToken = default)
    {
        var cutoff = today.PlusDays(-days);
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var old = (await stores.Snapshots.ListAsync(cancellationToken).ConfigureAwait(false)).Where(s => s.AsOf < cutoff).ToList();
        return new RetentionPlan(cutoff, old.Count, old.Count == 0 ? null : old[0].AsOf, old.Count == 0 ? null : old[^1].AsOf);
    }

    /// <summary>Deletes what is older than <paramref name="days"/> days before <paramref name="today"/>, or than the configured retention when not given.</summary>
    public async Task<RetentionRun> RunAsync(LocalDate today, int? days = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if ((days ?? options.Days) is not { } keep || keep <= 0)
        {
            return new RetentionRun(null, 0, 0);
        }

        var cutoff = today.PlusDays(-keep);
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var (snapshots, blobs) = await stores.Snapshots.ForgetBeforeAsync(cutoff, cancellationToken).ConfigureAwait(false);
        return new RetentionRun(cutoff, snapshots, blobs);
    }

    /// <summary>Why a message older than staff retention was never sent, as the ledger says it.</summary>
    public const string NotSentInTime = "Not sent: its text was deleted under the council's staff retention before it was sent.";

    /// <summary>
    /// Staff data older than <paramref name="days"/> days before <paramref name="today"/> (or the configured staff
    /// retention): the stored bodies of that time's messages are deleted (the ledger keeps each message's key,
    /// status, dates and provider id; one never sent is withdrawn), each week's names become pseudonyms and its
    /// notes go, each action's note goes and who recorded it becomes a pseudonym. Every figure stays. Without
    /// <paramref name="apply"/>, only counts what it would change. Null when staff retention is not set.
    /// </summary>
    /// <remarks>
    /// What is let go is recorded at the backup target first (the first day kept), so that a restore of a point taken
    /// before it lets go of it again; a run that finds nothing to let go records nothing.
    /// </remarks>
    public async Task<StaffRetention?> StaffAsync(LocalDate today, int? days, bool apply, CancellationToken cancellationToken = default)
    {
        if (!apply || !archives.Configured)
        {
            return await StaffUnrecordedAsync(today, days, apply, cancellationToken).ConfigureAwait(false);
        }

        var plan = await StaffUnrecordedAsync(today, days, apply: false, cancellationToken).ConfigureAwait(false);
        return plan is null || plan.Nothing
            ? plan
            : await archives.RecordingAsync(
                Caseload.Reporting.Backup.ErasureKind.StaffRetention, null, null, plan.KeptFrom,
                () => StaffUnrecordedAsync(today, days, apply: true, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Lets go of staff data from before <paramref name="keptFrom"/> (or as configured, when not given) again, as a
    /// restore does: what it lets go was recorded at the target before, or follows from the settings.
    /// </summary>
    public Task<StaffRetention?> StaffAgainAsync(LocalDate today, LocalDate? keptFrom, CancellationToken cancellationToken = default) =>
        StaffUnrecordedAsync(today, keptFrom is { } from ? Period.Between(from, today, PeriodUnits.Days).Days : null, apply: true, cancellationToken);

    private async Task<StaffRetention?> StaffUnrecordedAsync(LocalDate today, int? days, bool apply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if ((days ?? options.StaffDays) is not { } keep || keep <= 0)
        {
            return null;
        }

        var cutoff = today.PlusDays(-keep);
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var pseudonyms = await stores.PseudonymKey.GetAsync(cancellationToken).ConfigureAwait(false);

        var (messages, withdrawn) = await MessagesBeforeAsync(stores, cutoff, time.GetUtcNow(), apply, cancellationToken).ConfigureAwait(false);

        var weeks = await stores.Evaluations.NamedBeforeAsync(cutoff, cancellationToken).ConfigureAwait(false);
        if (apply)
        {
            foreach (var week in weeks)
            {
                if ((await stores.Evaluations.LoadAsync(week, cancellationToken).ConfigureAwait(false))?.Evaluation is { } evaluation)
                {
                    await stores.Evaluations.ReplaceAsync(week, StaffErasure.Pseudonymise(evaluation, pseudonyms), staffRetention: true, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        var actions = (await stores.Actions.RecordedBeforeAsync(cutoff.AtMidnight().InUtc().ToDateTimeOffset(), cancellationToken).ConfigureAwait(false))
            .Where(a => !StaffErasure.Pseudonymised(a.Action)).ToList();
        if (apply)
        {
            foreach (var action in actions)
            {
                await stores.Actions.ReplaceAsync(action, StaffErasure.Pseudonymise(action.Action, pseudonyms), cancellationToken).ConfigureAwait(false);
            }
        }

        return new StaffRetention(cutoff, weeks.Count, actions.Count, messages, withdrawn);
    }

    /// <summary>
    /// The bodies of the messages of periods that ended before the cutoff: one never sent is withdrawn first (so that
    /// no run sends it), then the bundles are deleted, then the rows let go of them.
    /// </summary>
    private static async Task<(int Messages, int Withdrawn)> MessagesBeforeAsync(ReportingStores stores, LocalDate cutoff, DateTimeOffset now, bool apply, CancellationToken cancellationToken)
    {
        var (messages, withdrawn) = (0, 0);
        foreach (var period in (await stores.Ledger.PeriodsAsync(cancellationToken).ConfigureAwait(false)).Where(p => p.End < cutoff))
        {
            var kept = (await stores.Ledger.ReadAsync(period, cancellationToken).ConfigureAwait(false)).Where(r => r.Record.Content.Length > 0).ToList();
            messages += kept.Count;
            if (!apply)
            {
                withdrawn += kept.Count(r => !r.Record.IsSettled);
            }
            else if (kept.Count > 0)
            {
                withdrawn += await StoredMessages.LetGoAsync(
                    stores, period, kept, NotSentInTime, now,
                    async token =>
                    {
                        foreach (var bundle in kept.Select(r => PreparedPlace.Parse(r.Record.Content).Blob).Distinct(StringComparer.Ordinal))
                        {
                            await stores.Prepared.DeleteBundleAsync(bundle, token).ConfigureAwait(false);
                        }
                    },
                    cancellationToken).ConfigureAwait(false);
            }
        }

        return (messages, withdrawn);
    }
}
