using System.Net;
using Caseload.Reporting.Actions;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Content;
using Caseload.Reporting.Content.Pages;
using Caseload.Reporting.Content.Templates;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Snapshots;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Actions;
using Caseload.Reporting.Storage.Evaluations;
using Caseload.Reporting.Storage.Runs;
using Caseload.Reporting.Jobs.Telemetry;
using Caseload.Reporting.Jobs.Weekly;
using NodaTime;
using NodaTime.Text;

namespace Caseload.Reporting.Jobs.Actions;

/// <summary>What a request to a breach page came to, as telemetry counts it.</summary>
public enum PageOutcome
{
    /// <summary>The breach was shown.</summary>
    Opened,

    /// <summary>An action was recorded.</summary>
    Recorded,

    /// <summary>Refused: a link that is not one, a form with problems or not a form, links not switched on, no such breach.</summary>
    Refused,

    /// <summary>The link was withdrawn.</summary>
    Withdrawn,

    /// <summary>The link no longer works: past its expiry, or signed with a key no longer in use.</summary>
    Expired,

    /// <summary>Too many requests from the client.</summary>
    RateLimited,

    /// <summary>A body longer than the form can be.</summary>
    TooLarge,
}

/// <summary>A page to answer the browser with.</summary>
/// <param name="Status">200, 400 (the form has problems), 403 (the link cannot be used) or 404 (no such breach).</param>
/// <param name="Html">The whole document.</param>
/// <param name="Outcome">What the request came to.</param>
public sealed record PageAnswer(HttpStatusCode Status, string Html, PageOutcome Outcome);

/// <summary>A form as the page received it: its fields, or why it could not be read.</summary>
/// <param name="Fields">The fields by name; empty when refused.</param>
/// <param name="Refused">413 when the body was longer than a form can be, 400 when it was not a form; null when read.</param>
public sealed record ReceivedForm(IReadOnlyDictionary<string, string> Fields, HttpStatusCode? Refused = null)
{
    /// <summary>A body longer than the form accepts.</summary>
    public static ReceivedForm TooLarge { get; } = new(new Dictionary<string, string>(), HttpStatusCode.RequestEntityTooLarge);

    /// <summary>A body that is not a form the page sends.</summary>
    public static ReceivedForm Malformed { get; } = new(new Dictionary<string, string>(), HttpStatusCode.BadRequest);
}

/// <summary>An action as listed for IT and the principal social worker.</summary>
/// <param name="Action">The action.</param>
/// <param name="Worker">The worker's name in the week listed, or their id when not on its roster.</param>
/// <param name="Team">The team's name in the week listed, or its id.</param>
/// <param name="Current">It is its breach's latest.</param>
public sealed record ListedAction(BreachAction Action, string Worker, string Team, bool Current);

/// <summary>An action recorded from the command line, or why it was not.</summary>
/// <param name="Action">The action stored; null when refused.</param>
/// <param name="CountsFromNextWeek">This week's emails were being prepared as it was stored, so it counts from next week's.</param>
/// <param name="Problems">Why it was not stored, each by the field it is about.</param>
public sealed record ActionRecording(BreachAction? Action, bool CountsFromNextWeek, IReadOnlyList<ActionProblem> Problems)
{
    /// <summary>Refused for one reason.</summary>
    public static ActionRecording Refused(string field, string message) => new(null, false, [new ActionProblem(field, message)]);
}

/// <summary>
/// The breach page behind each "Record what you are doing" link: check the link whole (signature, expiry), then
/// show the worker's breach as the week's stored evaluation has it with what was recorded on it, or record what
/// the manager submits. The worker, team, week and manager come from the link alone, never from the form, so a
/// link opens one worker's breach and no other; nothing on the page identifies a child.
/// </summary>
public sealed class ActionJob(StorageConnection connection, ActionLinking linking, ReportingSchedule schedule, TimeProvider time)
{
    // A week's evaluation is read whole; the latest two weeks' stay in memory, so that a manager's clicks on a warm
    // instance do not read it again. Stored evaluations never change.
    private readonly Dictionary<IsoWeek, Task<StoredEvaluation?>> evaluations = [];

    /// <summary>The page of the link's breach.</summary>
    public async Task<PageAnswer> OpenAsync(string token, CancellationToken cancellationToken = default)
    {
        var (breach, refused) = await LinkedBreachAsync(token, cancellationToken).ConfigureAwait(false);
        if (breach is not var (claims, worker, evaluation))
        {
            return Counted(refused!);
        }

        return Counted(await RenderAsync(HttpStatusCode.OK, await PageAsync(claims, evaluation, worker, cancellationToken).ConfigureAwait(false), PageOutcome.Opened).ConfigureAwait(false));
    }

    /// <summary>An answer told to telemetry: every answer of the pages leaves through here, once.</summary>
    private static PageAnswer Counted(PageAnswer answer)
    {
        ReportingTelemetry.BreachPage(Vocabulary.Code(answer.Outcome));
        return answer;
    }

    /// <summary>Records what the manager submitted (fields kind, until, reason, note), or shows the form again with its problems.</summary>
    public Task<PageAnswer> RecordAsync(string token, IReadOnlyDictionary<string, string> form, CancellationToken cancellationToken = default) =>
        RecordAsync(token, _ => Task.FromResult(new ReceivedForm(form)), cancellationToken);

    /// <summary>
    /// Records what the manager submitted, the form read by <paramref name="readForm"/> only once the link has been
    /// checked: a request without a good link costs no more than its headers, whatever its body.
    /// </summary>
    public async Task<PageAnswer> RecordAsync(string token, Func<CancellationToken, Task<ReceivedForm>> readForm, CancellationToken cancellationToken = default) =>
        Counted(await RecordUncountedAsync(token, readForm, cancellationToken).ConfigureAwait(false));

    private async Task<PageAnswer> RecordUncountedAsync(string token, Func<CancellationToken, Task<ReceivedForm>> readForm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readForm);
        var (breach, refused) = await LinkedBreachAsync(token, cancellationToken).ConfigureAwait(false);
        if (breach is not var (claims, worker, evaluation))
        {
            return refused!;
        }

        var received = await readForm(cancellationToken).ConfigureAwait(false);
        switch (received.Refused)
        {
            case HttpStatusCode.RequestEntityTooLarge:
                return await Message(HttpStatusCode.RequestEntityTooLarge, PageOutcome.TooLarge, "What you sent is too long", $"The page takes up to {ActionRules.NoteLength} characters of note and {ActionRules.ReasonLength} of reason. Go back, shorten it and save again.").ConfigureAwait(false);
            case not null:
                return await Message(HttpStatusCode.BadRequest, PageOutcome.Refused, "What you sent could not be read", "It did not come from the page's form. Open the link in your Monday email again and save from there.").ConfigureAwait(false);
        }

        var form = received.Fields;

        var now = time.GetUtcNow();
        var today = schedule.Local(now).Date;
        var values = new ActionForm(Field(form, "kind", 20), Field(form, "until", 20), Field(form, "reason", ActionRules.ReasonLength * 2), Field(form, "note", ActionRules.NoteLength * 2));
        var kind = Vocabulary.TryParse<ActionKind>(values.Kind, out var parsed) ? parsed : (ActionKind?)null;
        var until = LocalDatePattern.Iso.Parse(values.Until) is { Success: true } date ? date.Value : (LocalDate?)null;
        var problems = kind is { } k
            ? ActionRules.Check(k, until, values.Reason, today)
            : [new ActionProblem("kind", "Choose what you are doing.")];
        var page = await PageAsync(claims, evaluation, worker, cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return await RenderAsync(HttpStatusCode.BadRequest, page with { Form = values, Problems = problems }, PageOutcome.Refused).ConfigureAwait(false);
        }

        var action = new BreachAction(
            BreachKey.Of(worker, claims.Week)!, worker.TeamId, kind!.Value, until!.Value,
            kind == ActionKind.Exception ? ActionRules.Clean(values.Reason, ActionRules.ReasonLength) : null,
            ActionRules.Clean(values.Note, ActionRules.NoteLength),
            now, claims.Manager);
        var after = await StoreAsync(action, claims.Week, today, cancellationToken).ConfigureAwait(false);

        var recorded = await PageAsync(claims, evaluation, worker, cancellationToken).ConfigureAwait(false);
        var shows = after is null ? "It will show in next Monday's email." : "This week's emails were being prepared as you saved it, so it counts from next week's.";
        return await RenderAsync(HttpStatusCode.OK, recorded with { Confirmation = $"Recorded: {BreachPage.View(action, schedule.Zone).What}. {shows}" }, PageOutcome.Recorded).ConfigureAwait(false);
    }

    /// <summary>
    /// Records an action for a manager who cannot use the link, entered by <paramref name="by"/> (the data team, the
    /// principal social worker): the same rules, limits and history as the page, on the breach open in
    /// <paramref name="week"/> for the worker. Nothing is stored when anything is wrong; the problems say what.
    /// </summary>
    public async Task<ActionRecording> RecordOnBehalfAsync(IsoWeek week, string workerId, string kind, string until, string? reason, string? note, string by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (await EvaluationAsync(week, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return ActionRecording.Refused("week", $"{week} has not been evaluated: its breaches are not known yet; run `reporting run-weekly --week {week}` first");
        }

        if (stored.Evaluation.Workers.FirstOrDefault(w => w.WorkerId == workerId) is not { } worker)
        {
            return ActionRecording.Refused("worker", $"no worker {workerId} is in {week}'s figures");
        }

        if (BreachKey.Of(worker, week) is not { } breach)
        {
            return ActionRecording.Refused("worker", $"{worker.Name} is not over their limit in {week}: there is no breach to record an action on");
        }

        var now = time.GetUtcNow();
        var today = schedule.Local(now).Date;
        var parsedKind = Vocabulary.TryParse<ActionKind>(kind, out var k) ? k : (ActionKind?)null;
        var parsedUntil = LocalDatePattern.Iso.Parse(until) is { Success: true } date ? date.Value : (LocalDate?)null;
        var problems = parsedKind is { } given
            ? ActionRules.Check(given, parsedUntil, reason ?? "", today)
            : [new ActionProblem("kind", "is not one of reallocate, support, exception")];
        if (note?.Length > ActionRules.NoteLength)
        {
            problems = [.. problems, new ActionProblem("note", $"is {note.Length:N0} characters; at most {ActionRules.NoteLength:N0}")];
        }

        if (problems.Count > 0)
        {
            return new ActionRecording(null, false, problems);
        }

        var action = new BreachAction(
            breach, worker.TeamId, parsedKind!.Value, parsedUntil!.Value,
            parsedKind == ActionKind.Exception ? ActionRules.Clean(reason ?? "", ActionRules.ReasonLength) : null,
            ActionRules.Clean(note ?? "", ActionRules.NoteLength),
            now, by.Trim());
        var after = await StoreAsync(action, week, today, cancellationToken).ConfigureAwait(false);
        return new ActionRecording(after is { } restamped ? action with { RecordedAt = restamped } : action, after is not null, []);
    }

    /// <summary>
    /// Stores an action; when a run claimed one of the weeks it could count for (its breach's week to this one) at
    /// or after its stamp — and so may have read the actions before it was stored — it is stamped again just after,
    /// to count from the next week, and that stamp is returned.
    /// </summary>
    private async Task<DateTimeOffset?> StoreAsync(BreachAction action, IsoWeek breachWeek, LocalDate today, CancellationToken cancellationToken)
    {
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var store = stores.Actions;
        var key = await store.RecordAsync(action, cancellationToken).ConfigureAwait(false);
        var runs = stores.Runs;
        var weeks = new List<IsoWeek>();
        for (var week = breachWeek; week <= IsoWeek.Of(today); week = week.Next)
        {
            weeks.Add(week);
        }

        var claimed = await Task.WhenAll(weeks.Select(w => runs.ClaimedAtAsync(w, WeeklyJob.Work, cancellationToken))).ConfigureAwait(false);
        var after = ActionRules.AfterPreparation(action.RecordedAt, claimed.OfType<DateTimeOffset>());
        if (after is { } restamped)
        {
            await store.RestampAsync(action, key, restamped, cancellationToken).ConfigureAwait(false);
        }

        return after;
    }

    /// <summary>The actions on the breaches open in a week (or recorded since), newest first, each marked when it is its breach's latest.</summary>
    public async Task<IReadOnlyList<ListedAction>> ListAsync(IsoWeek week, CancellationToken cancellationToken = default)
    {
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var stored = await stores.Evaluations.LoadAsync(week, cancellationToken).ConfigureAwait(false);
        var workers = stored?.Evaluation.Workers.ToDictionary(w => w.WorkerId, StringComparer.Ordinal) ?? [];
        var teams = stored?.Evaluation.Teams.ToDictionary(t => t.TeamId, t => t.Name, StringComparer.Ordinal) ?? [];
        var longest = workers.Values.Select(w => w.WeeksInBreach).DefaultIfEmpty(0).Max();
        var actions = await stores.Actions.ForWeekAsync(week, Math.Max(longest, 1) - 1, cancellationToken).ConfigureAwait(false);
        var open = workers.Values.Select(w => BreachKey.Of(w, week)).OfType<BreachKey>().ToHashSet();
        return [.. open.SelectMany(actions.HistoryOf)
            .Select(a => new ListedAction(a, workers.TryGetValue(a.Breach.WorkerId, out var w) ? w.Name : a.Breach.WorkerId, teams.GetValueOrDefault(a.TeamId, a.TeamId), actions.HistoryOf(a.Breach)[^1] == a))
            .OrderByDescending(a => a.Action.RecordedAt)];
    }

    /// <summary>
    /// Withdraws breach links before they expire: one worker's of a week, or every link sent to a manager up to
    /// <paramref name="upTo"/>. Returns what was withdrawn, in words.
    /// </summary>
    public async Task<string> WithdrawAsync(IsoWeek upTo, string? workerId, string? manager, string by, CancellationToken cancellationToken = default)
    {
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var withdrawals = stores.Withdrawals;
        var now = time.GetUtcNow();
        if (workerId is not null)
        {
            await withdrawals.WithdrawWorkerAsync(upTo, workerId, now, by, cancellationToken).ConfigureAwait(false);
            return $"withdrawn: the links to {workerId}'s breach page sent for {upTo}";
        }

        ArgumentNullException.ThrowIfNull(manager);
        await withdrawals.WithdrawManagerAsync(manager, upTo, now, by, cancellationToken).ConfigureAwait(false);
        return $"withdrawn: every link sent to {manager} for {upTo} and the weeks before";
    }

    /// <summary>A link's breach: the link checked, then the worker looked up in that week's stored figures; else the page that says why not.</summary>
    private async Task<(LinkedBreach? Breach, PageAnswer? Refused)> LinkedBreachAsync(string token, CancellationToken cancellationToken)
    {
        if (linking.Signer is not { } signer)
        {
            return (null, await Message(HttpStatusCode.Forbidden, PageOutcome.Refused, "This link cannot be used", "Links to record actions are not switched on for this council yet. Ask IT to set the signing key.").ConfigureAwait(false));
        }

        var (claims, refusal) = signer.Check(token, time.GetUtcNow());
        switch (refusal)
        {
            case LinkRefusal.Expired or LinkRefusal.Retired:
                return (null, await Message(HttpStatusCode.Forbidden, PageOutcome.Expired, "This link no longer works", "A link works for a while after its Monday email, then stops. Use the link in your latest Monday email: each week's email brings fresh links.").ConfigureAwait(false));
            case not null:
                return (null, await Message(HttpStatusCode.Forbidden, PageOutcome.Refused, "This link cannot be used", "It is not a link from your Monday email, or it was changed. Use the link in your latest Monday email.").ConfigureAwait(false));
        }

        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        if (await stores.Withdrawals.WithdrawnAsync(claims!, cancellationToken).ConfigureAwait(false))
        {
            return (null, await Message(HttpStatusCode.Forbidden, PageOutcome.Withdrawn, "This link has been withdrawn", "It no longer works. If you still manage this team, ask the data team for a new one, or use the link in your next Monday email.").ConfigureAwait(false));
        }

        var stored = await EvaluationAsync(claims!.Week, cancellationToken).ConfigureAwait(false);
        var worker = stored?.Evaluation.Workers.FirstOrDefault(w => w.WorkerId == claims.WorkerId && w.TeamId == claims.TeamId);
        return worker is null
            ? (null, await Message(HttpStatusCode.NotFound, PageOutcome.Refused, "Nothing to record here", "This worker is not in that week's figures for the team. Use the link in your latest Monday email.").ConfigureAwait(false))
            : (new LinkedBreach(claims, worker, stored!), null);
    }

    private sealed record LinkedBreach(LinkClaims Claims, WorkerCaseload Worker, StoredEvaluation Evaluation);

    private async Task<BreachPage> PageAsync(LinkClaims claims, StoredEvaluation stored, WorkerCaseload worker, CancellationToken cancellationToken)
    {
        var history = BreachKey.Of(worker, claims.Week) is { } breach
            ? await (await connection.GetAsync(cancellationToken).ConfigureAwait(false)).Actions.OfBreachAsync(breach, cancellationToken).ConfigureAwait(false)
            : [];
        return BreachPage.Of(stored.Evaluation, worker, history, schedule.Local(time.GetUtcNow()).Date, schedule.Zone, claims.Expires);
    }

    private Task<StoredEvaluation?> EvaluationAsync(IsoWeek week, CancellationToken cancellationToken)
    {
        lock (evaluations)
        {
            if (!evaluations.TryGetValue(week, out var loading) || loading.IsFaulted || loading.IsCanceled)
            {
                evaluations[week] = loading = LoadAsync(week, cancellationToken);
                foreach (var old in evaluations.Keys.OrderDescending().Skip(2).ToList())
                {
                    evaluations.Remove(old);
                }
            }

            return loading;
        }
    }

    private async Task<StoredEvaluation?> LoadAsync(IsoWeek week, CancellationToken cancellationToken)
    {
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        return await stores.Evaluations.LoadAsync(week, cancellationToken).ConfigureAwait(false);
    }

    private static string Field(IReadOnlyDictionary<string, string> form, string name, int longest) =>
        form.TryGetValue(name, out var value) ? value.Length > longest ? value[..longest] : value : "";

    /// <summary>The page for a client that has sent more requests than the pages answer in a minute.</summary>
    public static async Task<PageAnswer> TooManyRequestsAsync() =>
        Counted(await Message(HttpStatusCode.TooManyRequests, PageOutcome.RateLimited, "Too many requests", "This page has been asked for too often from your connection. Wait a minute, then open the link again.").ConfigureAwait(false));

    private static Task<PageAnswer> Message(HttpStatusCode status, PageOutcome outcome, string title, string text) =>
        RenderAsync<MessagePageView>(status, new MessagePage(title, text), title, outcome);

    private static Task<PageAnswer> RenderAsync(HttpStatusCode status, BreachPage page, PageOutcome outcome) => RenderAsync<BreachPageView>(status, page, page.Title, outcome);

    private static async Task<PageAnswer> RenderAsync<TView>(HttpStatusCode status, object model, string title, PageOutcome outcome) where TView : Microsoft.AspNetCore.Components.IComponent
    {
        var renderer = new TemplateRenderer();
        await using (renderer.ConfigureAwait(false))
        {
            return new PageAnswer(status, await renderer.RenderAsync<TView>(model, title, BreachPage.StyleSheet).ConfigureAwait(false), outcome);
        }
    }
}
