using System.Globalization;
using Caseload.Reporting.Actions;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Content.Charts;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;
using Caseload.Reporting.Content.Templates;

namespace Caseload.Reporting.Content.Weekly;

/// <summary>
/// Composes the week's emails: one to each team manager about their team(s), even when all is clear; teams without
/// a manager to the fallback address; one roll-up to each head of service about their service's teams, naming the
/// red cases. Each is a plain-text part and an HTML part (Templates/*.razor) with a chart per team. No child is
/// ever named.
/// </summary>
public static class WeeklyNotifications
{
    private const int WarningsShown = 5;
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>Composes one addressee's email of the week.</summary>
    /// <param name="picture">The week.</param>
    /// <param name="addressee">Whom to compose for, from <see cref="WeeklyRecipients"/>.</param>
    /// <param name="renderer">Renders the HTML templates.</param>
    public static async Task<Notification> ComposeAsync(WeeklyPicture picture, Addressee addressee, TemplateRenderer renderer)
    {
        ArgumentNullException.ThrowIfNull(picture);
        ArgumentNullException.ThrowIfNull(addressee);
        ArgumentNullException.ThrowIfNull(renderer);
        var period = ReportingPeriod.Of(picture.Week);
        var teamsOf = addressee.TeamIds.Select(id => picture.TeamsById[id]).ToList();
        if (addressee.Kind == NotificationKind.TeamManager)
        {
            var model = new ManagerEmail(Heading(picture), [.. teamsOf.Select(t => Section(picture, t, picture.HoldingsById[t.TeamId], addressee.To))]);
            var subject = ManagerSubject(picture, teamsOf);
            return new Notification(
                period, addressee.Kind, Recipient.Email(addressee.To), new EmailContent(
                    subject, TextEmails.Manager(model), await renderer.RenderAsync<TeamManagerEmail>(model, subject).ConfigureAwait(false), [.. model.Teams.Select(t => t.Chart)]));
        }

        var rollUp = RollUp(picture, teamsOf);
        var rollUpSubject = RollUpSubject(picture, teamsOf);
        return new Notification(
            period, addressee.Kind, Recipient.Email(addressee.To), new EmailContent(
                rollUpSubject, TextEmails.RollUp(rollUp), await renderer.RenderAsync<ServiceRollUpEmail>(rollUp, rollUpSubject).ConfigureAwait(false)));
    }

    private static EmailHeading Heading(WeeklyPicture picture)
    {
        var evaluation = picture.Evaluation;
        var stale = picture.StaleDays is { } days ? $"this data was taken {days} days before the week began; no newer snapshot has arrived." : null;
        return new EmailHeading(
            picture.Week.ToString(),
            evaluation.AsOf.ToString("d MMM yyyy", Culture),
            evaluation.PolicyVersion,
            stale,
            Problem.Total(evaluation.DataQuality),
            [.. evaluation.DataQuality.Take(WarningsShown).Select(w => w.ToString())]);
    }

    private static TeamSection Section(WeeklyPicture picture, TeamCaseload team, TeamHoldings holdings, string manager)
    {
        var weighted = picture.Evaluation.LimitOn == LimitOn.Weighted;
        var workers = picture.WorkersByTeam[team.TeamId].ToList();
        // A worker who is away is named under "Away", not as over their limit with no action recorded.
        var isNew = workers.Where(w => w.Status == BreachStatus.New && !w.Absent).OrderByDescending(w => w.OverBy).ToList();
        var continuing = workers.Where(w => w.Status == BreachStatus.Continuing && !w.Absent).OrderByDescending(w => w.WeeksInBreach).ThenByDescending(w => w.OverBy).ToList();
        var resolved = workers.Where(w => w.Status == BreachStatus.Resolved).ToList();
        var caseHolders = workers.Where(w => w.Limit is not null).ToList();
        var name = Words.OneLine(team.Name);
        var figures = team.Figures;
        var oldest = holdings.OldestUnallocatedSince is { } since
            ? $"since {since.ToString("d MMM yyyy", Culture)} ({NodaTime.Period.Between(since, picture.Evaluation.AsOf, NodaTime.PeriodUnits.Days).Days} days)"
            : null;
        return new TeamSection(
            name,
            $"Since last week: {isNew.Count} newly over, {continuing.Count} still over, {resolved.Count} back within their limit.",
            [.. isNew.Select(w => Line(picture, w) with { FollowUp = FollowUp(picture, w, manager) })],
            [.. continuing.Select(w => Line(picture, w) with { FollowUp = FollowUp(picture, w, manager) })],
            [.. resolved.Select(w => Line(picture, w))],
            weighted ? "Weighted load" : "Caseload",
            Figure(figures.AverageCaseload),
            picture.Policy.Limits.For(team.TeamType).ToString("0.##", Culture),
            Figure(figures.CasesPerFte),
            figures.CaseHolders,
            figures.Unallocated,
            oldest,
            CaseloadChart.Image($"chart-{Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(team.TeamId))}@caseload-reporting", name, caseHolders, picture.Names, weighted, weighted ? "Weighted load" : picture.Policy.CountBy == CountBy.Family ? "Families" : "Cases"),
            [.. caseHolders.Select(w => Line(picture, w))],
            Capacity(picture, team, workers),
            Away(picture, team));
    }

    /// <summary>Each of the team's workers who is away: since and until when, the children they hold and how many of those no one else holds.</summary>
    private static IReadOnlyList<string> Away(WeeklyPicture picture, TeamCaseload team)
    {
        return [.. picture.AwayByTeam[team.TeamId]
            .Where(h => h.Worker.Absence is not null)
            .OrderBy(h => h.Worker.Name, StringComparer.Ordinal)
            .Select(h =>
            {
                var absence = h.Worker.Absence!;
                var until = absence.To is { } to ? $"until {to.ToString("d MMM yyyy", Culture)}" : "no return date";
                var held = Counted.Of(h.Children, "child", "children");
                var holds = (h.Children, h.NeedingCover) switch
                {
                    (0, _) => "holds no children",
                    (_, 0) => $"holds {held}, each also held by a worker who is here",
                    (1, _) => $"holds {held}, with no other worker: needs cover",
                    var (all, need) when need == all => $"holds {held}, none with another worker: all need cover",
                    var (_, need) => $"holds {held}, {need} with no other worker: {(need == 1 ? "it needs" : "they need")} cover",
                };
                return $"{Words.OneLine(picture.Names.Full(h.Worker.Id, h.Worker.Name).ToString())}: away since {absence.From.ToString("d MMM yyyy", Culture)}, {until}; {holds}.";
            })];
    }

    /// <summary>The team's capacity in sentences: suggestions, worded for the manager to decide on.</summary>
    private static CapacityLines Capacity(WeeklyPicture picture, TeamCaseload team, List<WorkerCaseload> workers)
    {
        var c = team.Capacity;
        var policy = picture.Policy;
        var names = workers.ToDictionary(w => w.WorkerId, w => Words.OneLine(picture.Names.Brief(w).ToString()), StringComparer.Ordinal);
        var moves = c.Moves.Select(m => $"{Counted.Of(m.Cases, "case")} from {names[m.From]} to {names[m.To]}").ToList();
        var cover = c.CoverNeeded == 0 ? null : $"{CapacityWords.Amount(c.CoverNeeded, policy)} held only by workers who are away {(c.CoverNeeded == 1 ? "needs" : "need")} cover.";
        return new CapacityLines(CapacityWords.Absorb(c, policy), moves, cover, CapacityWords.Trend(c, policy));
    }

    private static string Amount(decimal value) => value.ToString("0.#", Culture);

    private static RollUpEmail RollUp(WeeklyPicture picture, List<TeamCaseload> service)
    {
        var teams = picture.HoldingsById;
        var before = picture.Previous?.Teams.ToDictionary(t => t.TeamId, StringComparer.Ordinal);
        string Away(IEnumerable<TeamCaseload> group)
        {
            var absent = group.SelectMany(t => picture.AwayByTeam[t.TeamId]).ToList();
            var cover = group.Sum(t => teams[t.TeamId].Cover.Children);
            return absent.Count == 0 ? "0" : $"{absent.Count} ({cover})";
        }

        RollUpRow Row(string name, IReadOnlyList<TeamCaseload> group)
        {
            var holders = group.Sum(t => t.Figures.CaseHolders);
            var caseload = group.Sum(t => (t.Figures.AverageCaseload ?? 0) * t.Figures.CaseHolders);
            var over = group.Sum(t => t.Figures.WorkersOverLimit);
            var lastWeek = before is null || group.Any(t => !before.ContainsKey(t.TeamId)) ? null : (int?)group.Sum(t => before[t.TeamId].Figures.WorkersOverLimit);
            return new RollUpRow(
                name,
                holders,
                Figure(holders == 0 ? null : caseload / holders),
                $"{over} ({(lastWeek is { } last ? (over - last).ToString("+0;-0;0", Culture) : "n/a")})",
                group.Sum(t => t.Figures.Unallocated),
                Away(group),
                Amount(group.Sum(t => t.Capacity.Shortfall)),
                group.Sum(t => t.Capacity.FteNeeded).ToString("0.0", Culture));
        }

        var services = service.GroupBy(t => teams[t.TeamId].Team.Service ?? "(no service)")
            .Select(group => new RollUpService(Words.OneLine(group.Key), [.. group.Select(team => Row(Words.OneLine(team.Name), [team]))], Row("Service total", [.. group])))
            .ToList();
        var names = service.ToDictionary(t => t.TeamId, t => Words.OneLine(t.Name), StringComparer.Ordinal);
        var red = service.SelectMany(t => picture.WorkersByTeam[t.TeamId]).Where(w => w.Band == Band.Red)
            .OrderBy(w => names[w.TeamId], StringComparer.Ordinal).ThenByDescending(w => w.OverBy)
            .Select(w => new RedCase(names[w.TeamId], Line(picture, w)))
            .ToList();
        var escalated = service.SelectMany(t => picture.WorkersByTeam[t.TeamId]).Where(w => w.FollowUp.Escalation is not null)
            .OrderByDescending(w => w.WeeksInBreach).ThenBy(w => names[w.TeamId], StringComparer.Ordinal).ThenBy(w => w.Name, StringComparer.Ordinal)
            .Select(w => new EscalatedBreach(names[w.TeamId], ManagerOf(picture, w.TeamId), Line(picture, w), Reached(w.FollowUp.Escalation!.Value)))
            .ToList();
        return new RollUpEmail(Heading(picture), services, escalated, red);
    }

    private static string ManagerOf(WeeklyPicture picture, string teamId) =>
        picture.HoldingsById[teamId].Team.ManagerId is { } id && picture.NamesById.TryGetValue(id, out var name) ? Words.OneLine(name) : "(no manager)";

    private static string Reached(Escalation escalation) => escalation == Escalation.Leadership ? "leadership" : "head of service";

    private static string? EscalatedSentence(Escalation? escalation) => escalation switch
    {
        Escalation.Leadership => "Nobody is recorded as acting on it: it is now in leadership's monthly report.",
        Escalation.HeadOfService => "Nobody is recorded as acting on it: it is now in the head of service's roll-up.",
        _ => null,
    };

    /// <summary>What is being done about a breach, in one line, with the link to record or change it.</summary>
    private static FollowUpLine FollowUp(WeeklyPicture picture, WorkerCaseload worker, string manager)
    {
        var followUp = worker.FollowUp;
        var link = picture.Links?.For(picture.Week, worker.TeamId, worker.WorkerId, manager).AbsoluteUri;
        if (followUp.Action is not { } action)
        {
            return new FollowUpLine("No action recorded yet.", false, EscalatedSentence(followUp.Escalation), link, "Record what you are doing");
        }

        var overdue = !followUp.InDate && action.Until < picture.Week.Monday;
        var what = action.Kind switch
        {
            ActionKind.Reallocate => $"Reallocating cases by {action.Until.ToString("d MMM yyyy", Culture)}",
            ActionKind.Support => $"Support in place, review {action.Until.ToString("d MMM yyyy", Culture)}",
            _ => $"Agreed exception until {action.Until.ToString("d MMM yyyy", Culture)}",
        };
        var recorded = $", recorded {action.RecordedAt.ToString("d MMM", Culture)}";
        return new FollowUpLine(
            what + recorded + (overdue ? ". This date has passed: record what is happening now." : "."),
            overdue,
            EscalatedSentence(followUp.Escalation),
            link,
            "Change what you are doing");
    }

    private static WorkerLine Line(WeeklyPicture picture, WorkerCaseload worker)
    {
        var weighted = picture.Evaluation.LimitOn == LimitOn.Weighted;
        var marks = string.Join(", ", new[] { worker.Absent ? "away" : null, worker.Asye ? "ASYE" : null, worker.Fte < 1 ? $"{worker.Fte.ToString("0.##", Culture)} FTE" : null }.OfType<string>());
        return new WorkerLine(
            Words.OneLine(picture.Names.Full(worker).ToString()),
            weighted ? worker.WeightedLoad.ToString("0.0", Culture) : worker.Caseload.ToString(Culture),
            worker.Limit?.ToString("0.##", Culture) ?? "",
            worker.InBreach ? worker.OverBy.ToString("0.#", Culture) : "",
            Words.Of(worker.Band),
            marks,
            BreachAge.Of(worker));
    }

    private static string ManagerSubject(WeeklyPicture picture, List<TeamCaseload> managed)
    {
        var workers = managed.SelectMany(t => picture.WorkersByTeam[t.TeamId]).ToList();
        var over = workers.Count(w => w.InBreach);
        var back = workers.Count(w => w.Status == BreachStatus.Resolved);
        var who = managed.Count == 1 ? Words.OneLine(managed[0].Name) : $"{managed.Count} teams";
        var what = over == 0 ? "no one over caseload limit" : $"{over} over caseload limit";
        var within = back == 0 ? "" : $", {back} back within";
        return $"{who}: {what}{within}, week {picture.Week.Week}";
    }

    private static string RollUpSubject(WeeklyPicture picture, List<TeamCaseload> service) =>
        $"{service.Count} teams: {service.Sum(t => t.Figures.WorkersOverLimit)} over caseload limit, {service.Sum(t => t.Figures.Unallocated)} unallocated, week {picture.Week.Week}";

    private static string Figure(decimal? value) => value?.ToString("0.0", Culture) ?? "n/a";

}
