using Caseload.Reporting.Calendar;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Staff;
using Caseload.Reporting.Storage;

namespace Caseload.Reporting.Jobs.StaffData;

/// <summary>What erasing a worker changes, or changed.</summary>
/// <param name="WorkerId">The roster id asked for.</param>
/// <param name="Pseudonym">What stands for them from now on.</param>
/// <param name="Weeks">Evaluated weeks that name them.</param>
/// <param name="Actions">Actions on their breaches, or recorded by them.</param>
/// <param name="Unsent">Messages naming them not yet sent: withdrawn, never to be sent.</param>
/// <param name="Sent">Messages naming them already sent (or refused): their stored bodies erased (the ledger keeps what became of them).</param>
/// <param name="Snapshots">Stored snapshots whose roster names them: kept as received until the council's retention for snapshots deletes them.</param>
/// <param name="OnLatestRoster">The latest snapshot still lists them: the next snapshot that does will name them again.</param>
public sealed record WorkerErasure(string WorkerId, Pseudonym Pseudonym, int Weeks, int Actions, int Unsent, int Sent, int Snapshots, bool OnLatestRoster)
{
    /// <summary>Whether nothing stored names them.</summary>
    public bool Nothing => Weeks == 0 && Actions == 0 && Unsent == 0 && Sent == 0 && Snapshots == 0;
}

/// <summary>
/// Erasure on a worker's request (docs/data-protection.md): wherever they are named — each week's evaluation, the
/// actions on their breaches and the notes on them, the stored messages — they become their pseudonym (name and
/// roster id), with every figure unchanged. A message naming them not yet sent is withdrawn with the reason; a sent
/// one's stored body is erased. Each step is one a second run finds done, so a run cut off is run again.
/// </summary>
public sealed class WorkerErasureJob(StorageConnection connection, StoredMessages messages, Backup.BackupArchives archives, TimeProvider time)
{
    /// <summary>Why a withdrawn message was not sent, as the ledger says it.</summary>
    public const string Withdrawn = "Not sent: it named a worker whose data was erased at their request.";

    /// <summary>What erasing the worker would change; changes nothing.</summary>
    public Task<WorkerErasure> PlanAsync(string workerId, CancellationToken cancellationToken = default) => EraseAsync(workerId, apply: false, cancellationToken);

    /// <summary>
    /// Erases the worker, recorded at the backup target first (by their pseudonym, never their name or roster id),
    /// so that a restore of a point taken before it erases them again (<see cref="Backup.RestoreJob"/>).
    /// </summary>
    public async Task<WorkerErasure> RunAsync(string workerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var key = await stores.PseudonymKey.BytesAsync(cancellationToken).ConfigureAwait(false);
        return await archives.RecordingAsync(
            Caseload.Reporting.Backup.ErasureKind.Worker, new StaffPseudonyms(key).Of(workerId).WorkerId, key, null,
            () => EraseAsync(workerId, apply: true, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Erases the worker again, as a restore does an erasure recorded after its point: recorded once already.</summary>
    public Task<WorkerErasure> RunAgainAsync(string workerId, CancellationToken cancellationToken = default) => EraseAsync(workerId, apply: true, cancellationToken);

    private async Task<WorkerErasure> EraseAsync(string workerId, bool apply, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var pseudonyms = await stores.PseudonymKey.GetAsync(cancellationToken).ConfigureAwait(false);

        // Their addresses, from every stored roster: an action they recorded names them by it.
        var addresses = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var snapshots = 0;
        var onLatest = false;
        var stored = (await stores.Snapshots.ListAsync(cancellationToken).ConfigureAwait(false)).OrderBy(s => s.AsOf).ToList();
        foreach (var snapshot in stored)
        {
            var summary = await stores.Snapshots.LoadSummaryAsync(snapshot, cancellationToken).ConfigureAwait(false);
            var worker = summary.Caseloads.Workers.FirstOrDefault(w => w.Worker.Id == workerId)?.Worker;
            if (worker is not null)
            {
                addresses.Add(worker.Email.Trim());
                snapshots++;
            }

            onLatest = worker is not null;
        }

        var forgotten = new ForgottenWorker(workerId, addresses, pseudonyms);

        // How each week named them, which is what finds them in its messages (and in its month's digest).
        var named = new List<IsoWeek>();
        var namesIn = new Dictionary<ReportingPeriod, NamedWorker>();
        foreach (var week in await stores.Evaluations.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var evaluation = (await stores.Evaluations.LoadAsync(week.Week, cancellationToken).ConfigureAwait(false))?.Evaluation;
            if (evaluation is null || !StaffErasure.Names(evaluation, forgotten))
            {
                continue;
            }

            named.Add(week.Week);
            if (evaluation.Workers.FirstOrDefault(w => w.WorkerId == workerId) is { } worker)
            {
                var asNamed = NamedWorker.Finding(evaluation, worker);
                namesIn[week.Week] = asNamed;
                namesIn[week.Week.Monday.ToYearMonth()] = asNamed;
            }
        }

        var (unsent, sent) = await MessagesAsync(stores, namesIn, apply, cancellationToken).ConfigureAwait(false);

        // The weeks are read again to be written: a year of a nation's weeks is not held at once, and their messages
        // go first, so that a run stopped after writing a week still finds that week's messages by the names it held.
        if (apply)
        {
            foreach (var week in named)
            {
                if ((await stores.Evaluations.LoadAsync(week, cancellationToken).ConfigureAwait(false))?.Evaluation is { } evaluation)
                {
                    await stores.Evaluations.ReplaceAsync(week, StaffErasure.Forget(evaluation, forgotten), staffRetention: false, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        var actions = await stores.Actions.AboutAsync(workerId, addresses, cancellationToken).ConfigureAwait(false);
        if (apply)
        {
            foreach (var action in actions)
            {
                await stores.Actions.ReplaceAsync(action, StaffErasure.Forget(action.Action, forgotten), cancellationToken).ConfigureAwait(false);
            }
        }

        return new WorkerErasure(workerId, forgotten.Pseudonym, named.Count, actions.Count, unsent, sent, snapshots, onLatest);
    }

    /// <summary>
    /// The stored messages naming the worker: those not sent are withdrawn first (so that no run sends them), then
    /// each body is overwritten in its bundle, then the rows let go of the bodies.
    /// </summary>
    private async Task<(int Unsent, int Sent)> MessagesAsync(ReportingStores stores, Dictionary<ReportingPeriod, NamedWorker> namesIn, bool apply, CancellationToken cancellationToken)
    {
        var (unsent, sent) = (0, 0);
        var periods = (await stores.Ledger.PeriodsAsync(cancellationToken).ConfigureAwait(false)).Where(namesIn.ContainsKey);
        foreach (var period in periods)
        {
            var naming = new List<StoredMessage>();
            var erased = new List<(DeliveryRecord Record, Azure.ETag ETag)>();
            await foreach (var message in messages.ReadAsync(stores, period, cancellationToken).ConfigureAwait(false))
            {
                if (message.Erased)
                {
                    // Erased by a run that stopped before its row let go of it.
                    erased.Add((message.Record, message.ETag));
                }
                else if (namesIn[period].LinesIn(message.Record.Key, message.Text).Count > 0)
                {
                    naming.Add(message);
                }
            }

            unsent += naming.Count(m => !m.Record.IsSettled);
            sent += naming.Count(m => m.Record.IsSettled);
            if (apply && naming.Count + erased.Count > 0)
            {
                await StoredMessages.LetGoAsync(
                    stores, period, [.. naming.Select(m => (m.Record, m.ETag)), .. erased], Withdrawn, time.GetUtcNow(),
                    async token =>
                    {
                        foreach (var bundle in naming.GroupBy(m => m.Place.Blob, StringComparer.Ordinal))
                        {
                            await stores.Prepared.EraseAsync(bundle.Key, bundle.Select(m => m.Place), token).ConfigureAwait(false);
                        }
                    },
                    cancellationToken).ConfigureAwait(false);
            }
        }

        return (unsent, sent);
    }
}
