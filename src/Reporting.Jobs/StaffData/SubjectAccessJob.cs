using Caseload.Reporting.Calendar;
using Caseload.Reporting.Content;
using Caseload.Reporting.Content.Pages;
using Caseload.Reporting.Content.Templates;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Staff;
using Caseload.Reporting.Storage;

namespace Caseload.Reporting.Jobs.StaffData;

/// <summary>
/// A worker's subject access request (docs/data-protection.md): everything stored about them, read one snapshot and
/// one week at a time so that a national store is read in bounded memory — each snapshot's roster, each week's
/// evaluation and the notifications of that week, the actions on their breaches — and nothing about anyone else.
/// </summary>
public sealed class SubjectAccessJob(StorageConnection connection, StoredMessages messages, ReportingSchedule schedule, TimeProvider time)
{
    /// <summary>The page's file name in the folder written.</summary>
    public const string PageFile = "subject-access.html";

    /// <summary>The JSON's file name beside it.</summary>
    public const string JsonFile = "subject-access.json";

    /// <summary>Collects what is stored about the worker and writes it to <paramref name="folder"/>: the page and the JSON beside it.</summary>
    /// <returns>What was collected.</returns>
    public async Task<SubjectAccess> WriteAsync(string workerId, string folder, CancellationToken cancellationToken = default)
    {
        var access = await CollectAsync(workerId, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(folder);
        await using (var json = File.Create(Path.Combine(folder, JsonFile)))
        {
            SubjectAccessJson.Write(access, json);
        }

        var page = SubjectAccessPage.Of(access, schedule.Zone);
        await using var renderer = new TemplateRenderer();
        var html = await renderer.RenderAsync<SubjectAccessView>(page, page.Title, SubjectAccessPage.StyleSheet).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(folder, PageFile), html, cancellationToken).ConfigureAwait(false);
        return access;
    }

    /// <summary>Collects what is stored about the worker with this roster id.</summary>
    public async Task<SubjectAccess> CollectAsync(string workerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);

        var roster = new List<RosterFacts>();
        foreach (var snapshot in (await stores.Snapshots.ListAsync(cancellationToken).ConfigureAwait(false)).OrderBy(s => s.AsOf))
        {
            var summary = await stores.Snapshots.LoadSummaryAsync(snapshot, cancellationToken).ConfigureAwait(false);
            if (summary.Caseloads.Workers.FirstOrDefault(w => w.Worker.Id == workerId)?.Worker is { } worker)
            {
                var team = summary.Caseloads.Teams.FirstOrDefault(t => t.Team.Id == worker.TeamId)?.Team.Name ?? worker.TeamId;
                roster.Add(RosterFacts.Of(snapshot.AsOf, worker, team));
            }
        }

        // Each week's notifications are read while its evaluation is at hand: it says how the week named them and
        // everyone else, which is what finds them in a message and keeps others out of what is shown.
        var weeks = new List<WeekAboutWorker>();
        var ownNames = new HashSet<string>(StringComparer.Ordinal);
        var otherNames = new HashSet<string>(StringComparer.Ordinal);
        var notifications = new List<NotificationAboutWorker>();
        var periods = (await stores.Ledger.PeriodsAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
        var months = new Dictionary<NodaTime.YearMonth, IsoWeek>();
        foreach (var evaluated in await stores.Evaluations.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var stored = await stores.Evaluations.LoadAsync(evaluated.Week, cancellationToken).ConfigureAwait(false);
            if (stored?.Evaluation.Workers.FirstOrDefault(w => w.WorkerId == workerId) is not { } worker)
            {
                continue;
            }

            weeks.Add(WeekAboutWorker.Of(stored.Evaluation, worker));
            ownNames.Add(worker.Name);
            otherNames.UnionWith(stored.Evaluation.Workers.Where(w => w.WorkerId != workerId).Select(w => w.Name));
            months[evaluated.Week.Monday.ToYearMonth()] = evaluated.Week;
            if (periods.Contains(evaluated.Week))
            {
                notifications.AddRange(await MentionsAsync(stores, evaluated.Week, stored.Evaluation, worker, cancellationToken).ConfigureAwait(false));
            }
        }

        // A month's digest names workers as its latest week named them.
        foreach (var (month, week) in months.Where(m => periods.Contains(m.Key)))
        {
            var stored = await stores.Evaluations.LoadAsync(week, cancellationToken).ConfigureAwait(false);
            if (stored?.Evaluation.Workers.FirstOrDefault(w => w.WorkerId == workerId) is { } worker)
            {
                notifications.AddRange(await MentionsAsync(stores, month, stored.Evaluation, worker, cancellationToken).ConfigureAwait(false));
            }
        }

        // A note is free text about them, and may name a colleague: shown as "another worker", as in the messages.
        var others = new OtherPeople(otherNames, except: ownNames);
        var actions = (await stores.Actions.AboutAsync(workerId, [], cancellationToken).ConfigureAwait(false))
            .Select(a => a.Action with { Note = others.Redact(a.Action.Note), Reason = others.Redact(a.Action.Reason) });
        return new SubjectAccess(
            workerId,
            time.GetUtcNow(),
            RosterFacts.Runs(roster),
            weeks,
            [.. actions],
            [.. notifications.OrderBy(n => n.Period, StringComparer.Ordinal).ThenBy(n => n.Kind).ThenBy(n => n.Recipient, StringComparer.Ordinal)]);
    }

    /// <summary>The notifications of a period that named the worker, with what each said about them.</summary>
    private async Task<IReadOnlyList<NotificationAboutWorker>> MentionsAsync(ReportingStores stores, ReportingPeriod period, CaseloadEvaluation evaluation, WorkerCaseload worker, CancellationToken cancellationToken)
    {
        var named = NamedWorker.Of(evaluation, worker);
        var found = new List<NotificationAboutWorker>();
        await foreach (var message in messages.ReadAsync(stores, period, cancellationToken).ConfigureAwait(false))
        {
            if (named.LinesIn(message.Record.Key, message.Text) is { Count: > 0 } lines)
            {
                found.Add(new NotificationAboutWorker(period.ToString(), message.Record.Key.Kind, message.Record.Key.To.ToString(), message.Record.Subject, message.Record.SentAt, lines));
            }
        }

        return found;
    }
}
