using System.Globalization;
using System.Text;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Email.Weekly;

/// <summary>The week's notifications, and the teams no one could be told about.</summary>
/// <param name="Notifications">One per recipient.</param>
/// <param name="Unaddressed">Teams without a manager when no fallback address is configured.</param>
public sealed record WeeklyMail(IReadOnlyList<Notification> Notifications, IReadOnlyList<string> Unaddressed);

/// <summary>
/// Composes the week's emails: one to each team manager about their team(s), even when all is clear; teams without
/// a manager to the fallback address; one roll-up to each head of service about their service's teams. Worker
/// names appear only in their own manager's email; no child is ever named.
/// </summary>
public static class WeeklyNotifications
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>Composes the week's notifications.</summary>
    /// <param name="picture">The week.</param>
    /// <param name="fallbackTo">Where a team without a manager's email goes; null to report such teams instead.</param>
    public static WeeklyMail Compose(WeeklyPicture picture, string? fallbackTo)
    {
        ArgumentNullException.ThrowIfNull(picture);
        var emails = picture.Caseloads.Workers.ToDictionary(w => w.Worker.Id, w => w.Worker.Email, StringComparer.Ordinal);
        var teams = picture.Caseloads.Teams.ToDictionary(t => t.Team.Id, StringComparer.Ordinal);
        var unaddressed = new List<string>();
        var notifications = new List<Notification>();

        var byManager = new Dictionary<string, List<TeamCaseload>>(StringComparer.OrdinalIgnoreCase);
        foreach (var team in picture.Evaluation.Teams)
        {
            var manager = teams[team.TeamId].Team.ManagerId;
            var to = manager is not null && emails.TryGetValue(manager, out var email) ? email : fallbackTo;
            if (to is null)
            {
                unaddressed.Add(team.TeamId);
                continue;
            }

            (byManager.TryGetValue(to, out var list) ? list : byManager[to] = []).Add(team);
        }

        foreach (var (to, managed) in byManager)
        {
            notifications.Add(new Notification(picture.Week.ToString(), NotificationKind.TeamManager, to, ManagerSubject(picture, managed), ManagerText(picture, managed, teams)));
        }

        var byHead = picture.Evaluation.Teams
            .Where(t => teams[t.TeamId].Team.HeadOfServiceEmail is not null)
            .GroupBy(t => teams[t.TeamId].Team.HeadOfServiceEmail!, StringComparer.OrdinalIgnoreCase);
        foreach (var service in byHead)
        {
            notifications.Add(new Notification(picture.Week.ToString(), NotificationKind.ServiceRollUp, service.Key, RollUpSubject(picture, [.. service]), RollUpText(picture, [.. service], teams)));
        }

        return new WeeklyMail(notifications, unaddressed);
    }

    private static string ManagerSubject(WeeklyPicture picture, List<TeamCaseload> managed)
    {
        var workers = picture.Evaluation.Workers.Where(w => managed.Any(t => t.TeamId == w.TeamId)).ToList();
        var over = workers.Count(w => w.InBreach);
        var back = workers.Count(w => w.Status == BreachStatus.Resolved);
        var who = managed.Count == 1 ? managed[0].Name : $"{managed.Count} teams";
        var what = over == 0 ? "no one over caseload limit" : $"{over} over caseload limit";
        var within = back == 0 ? "" : $", {back} back within";
        return $"{who}: {what}{within}, week {picture.Week.Week}";
    }

    private static string ManagerText(WeeklyPicture picture, List<TeamCaseload> managed, Dictionary<string, TeamHoldings> teams)
    {
        var text = new StringBuilder();
        Header(text, picture);
        foreach (var team in managed)
        {
            var workers = picture.Evaluation.Workers.Where(w => w.TeamId == team.TeamId).ToList();
            var isNew = workers.Where(w => w.Status == BreachStatus.New).OrderByDescending(w => w.OverBy).ToList();
            var continuing = workers.Where(w => w.Status == BreachStatus.Continuing).OrderByDescending(w => w.WeeksInBreach).ThenByDescending(w => w.OverBy).ToList();
            var resolved = workers.Where(w => w.Status == BreachStatus.Resolved).ToList();

            text.AppendLine();
            text.AppendLine(team.Name);
            text.AppendLine(new string('=', team.Name.Length));
            text.AppendLine(Culture, $"Since last week: {isNew.Count} newly over, {continuing.Count} still over, {resolved.Count} back within their limit.");
            Section(text, "Over their limit, new this week", isNew, picture);
            Section(text, "Still over their limit", continuing, picture);
            Section(text, "Back within their limit: well done", resolved, picture);
            if (isNew.Count + continuing.Count == 0)
            {
                text.AppendLine();
                text.AppendLine("No one in the team is over their caseload limit.");
            }

            var figures = team.Figures;
            text.AppendLine();
            text.AppendLine(Culture, $"Team average: {Figure(figures.AverageCaseload)} per case holder ({figures.CaseHolders} case holders), {Figure(figures.CasesPerFte)} per FTE.");
            var holdings = teams[team.TeamId];
            var waiting = holdings.OldestUnallocatedSince is { } since
                ? $"; the longest has waited since {since.ToString("d MMM yyyy", Culture)} ({NodaTime.Period.Between(since, picture.Evaluation.AsOf, NodaTime.PeriodUnits.Days).Days} days)"
                : "";
            text.AppendLine(Culture, $"Unallocated: {figures.Unallocated} children{waiting}.");
        }

        Footer(text, picture);
        return text.ToString();
    }

    private static string RollUpSubject(WeeklyPicture picture, IReadOnlyList<TeamCaseload> service)
    {
        var over = service.Sum(t => t.Figures.WorkersOverLimit);
        var unallocated = service.Sum(t => t.Figures.Unallocated);
        return $"{service.Count} teams: {over} over caseload limit, {unallocated} unallocated, week {picture.Week.Week}";
    }

    private static string RollUpText(WeeklyPicture picture, IReadOnlyList<TeamCaseload> service, Dictionary<string, TeamHoldings> teams)
    {
        var before = picture.Previous?.Teams.ToDictionary(t => t.TeamId, StringComparer.Ordinal);
        var text = new StringBuilder();
        Header(text, picture);
        foreach (var group in service.GroupBy(t => teams[t.TeamId].Team.Service ?? "(no service)"))
        {
            text.AppendLine();
            text.AppendLine(group.Key);
            text.AppendLine(new string('=', group.Key.Length));
            var width = Math.Max(4, group.Max(t => t.Name.Length));
            text.AppendLine(Culture, $"{"Team".PadRight(width)}  Holders  Average  Over limit  Unallocated  Over limit since last week");
            foreach (var team in group)
            {
                var figures = team.Figures;
                var change = before?.GetValueOrDefault(team.TeamId) is { } last ? $"{figures.WorkersOverLimit - last.Figures.WorkersOverLimit:+0;-0;0}" : "n/a";
                text.AppendLine(Culture, $"{team.Name.PadRight(width)}  {figures.CaseHolders,7}  {Figure(figures.AverageCaseload),7}  {figures.WorkersOverLimit,10}  {figures.Unallocated,11}  {change,26}");
            }
        }

        Footer(text, picture);
        return text.ToString();
    }

    private static void Header(StringBuilder text, WeeklyPicture picture)
    {
        var evaluation = picture.Evaluation;
        text.AppendLine(Culture, $"Caseloads for week {picture.Week} (data as at {evaluation.AsOf.ToString("d MMM yyyy", Culture)}, policy {evaluation.PolicyVersion}).");
        if (picture.StaleDays is { } days)
        {
            text.AppendLine(Culture, $"WARNING: this data is stale: it was taken {days} days before the week began. No newer snapshot has arrived.");
        }
    }

    private static void Section(StringBuilder text, string title, List<WorkerCaseload> workers, WeeklyPicture picture)
    {
        if (workers.Count == 0)
        {
            return;
        }

        var weighted = picture.Evaluation.LimitOn == Policies.LimitOn.Weighted;
        text.AppendLine();
        text.AppendLine(title);
        foreach (var worker in workers)
        {
            var load = weighted ? $"weighted load {worker.WeightedLoad.ToString("0.0", Culture)}" : $"{worker.Caseload} cases";
            var marks = (worker.Asye ? ", ASYE" : "") + (worker.Fte < 1 ? $", {worker.Fte.ToString("0.##", Culture)} FTE" : "");
            var detail = worker.InBreach
                ? $"over by {worker.OverBy.ToString("0.#", Culture)} ({Vocabulary.Code(worker.Band)}){(worker.Status == BreachStatus.Continuing ? $", {worker.WeeksInBreach} weeks in a row" : "")}"
                : worker.Band == Band.AtLimit ? "at their limit" : "within";
            text.AppendLine(Culture, $"- {worker.Name}{marks}: {load} against a limit of {worker.Limit?.ToString("0.##", Culture)}, {detail}");
        }
    }

    private static void Footer(StringBuilder text, WeeklyPicture picture)
    {
        var warnings = picture.Evaluation.DataQuality;
        if (warnings.Count == 0)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine(Culture, $"Data quality: the snapshot had {warnings.Count} warning(s), for example:");
        foreach (var warning in warnings.Take(5))
        {
            text.AppendLine(Culture, $"- {warning}");
        }
    }

    private static string Figure(decimal? value) => value?.ToString("0.0", CultureInfo.InvariantCulture) ?? "n/a";
}
