using System.Globalization;
using System.Text;

namespace Caseload.Reporting.Content.Weekly;

/// <summary>The plain-text part of each email: the same model as the HTML, complete on its own.</summary>
internal static class TextEmails
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static string Manager(ManagerEmail email)
    {
        var text = new StringBuilder();
        Heading(text, email.Heading);
        foreach (var team in email.Teams)
        {
            text.AppendLine().AppendLine(team.Name).AppendLine(new string('=', team.Name.Length)).AppendLine(team.SinceLastWeek);
            Workers(text, "Over their limit, new this week", team.New, team.LoadHeading);
            Workers(text, "Still over their limit", team.Continuing, team.LoadHeading);
            Workers(text, "Back within their limit: well done", team.Resolved, team.LoadHeading);
            if (team.New.Count + team.Continuing.Count == 0)
            {
                text.AppendLine().AppendLine("No one in the team is over their caseload limit.");
            }

            if (team.Away.Count > 0)
            {
                text.AppendLine().AppendLine(Culture, $"Away ({team.Away.Count})");
                foreach (var line in team.Away)
                {
                    text.AppendLine(Culture, $"- {line}");
                }
            }

            text.AppendLine();
            text.AppendLine(Culture, $"Team average: {team.Average} per case holder against a full-time limit of {team.TeamLimit} ({team.CaseHolders} case holders; {team.PerFte} per FTE).");
            text.AppendLine(Culture, $"Unallocated: {Counted.Of(team.Unallocated, "child", "children")}{(team.OldestWaiting is null ? "" : $"; the longest has waited {team.OldestWaiting}")}.");
            text.AppendLine().AppendLine("Capacity").AppendLine(team.Capacity.Absorb);
            if (team.Capacity.Moves.Count > 0)
            {
                text.AppendLine("Suggested moves, for you to decide on:");
                foreach (var move in team.Capacity.Moves)
                {
                    text.AppendLine(Culture, $"- {move}");
                }
            }

            foreach (var line in new[] { team.Capacity.Cover, team.Capacity.Trend }.OfType<string>())
            {
                text.AppendLine(line);
            }
        }

        Warnings(text, email.Heading);
        return text.ToString();
    }

    public static string RollUp(RollUpEmail email)
    {
        var text = new StringBuilder();
        Heading(text, email.Heading);
        foreach (var service in email.Services)
        {
            text.AppendLine().AppendLine(service.Name).AppendLine(new string('=', service.Name.Length));
            var rows = service.Teams.Append(service.Total).ToList();
            var width = Math.Max(4, rows.Max(t => t.Team.Length));
            text.AppendLine(Culture, $"{"Team".PadRight(width)}  Holders  Average  Over limit (change)  Unallocated  Away (needing cover)  Shortfall  FTE needed");
            foreach (var team in rows)
            {
                text.AppendLine(Culture, $"{team.Team.PadRight(width)}  {team.CaseHolders,7}  {team.Average,7}  {team.OverLimit,19}  {team.Unallocated,11}  {team.Away,20}  {team.Shortfall,9}  {team.FteNeeded,10}");
            }
        }

        if (email.Escalated.Count > 0)
        {
            text.AppendLine().AppendLine(Culture, $"Breaches nobody is acting on ({email.Escalated.Count})");
            foreach (var breach in email.Escalated)
            {
                text.AppendLine(Culture, $"- {breach.Worker.Name} ({breach.Team}, manager {breach.Manager}): {breach.Worker.Since}, {breach.Worker.Band}; reached {breach.Reached}");
            }
        }

        foreach (var team in email.RedCases.GroupBy(r => r.Team))
        {
            Workers(text, $"Red cases: {team.Key}", [.. team.Select(r => r.Worker)], "Caseload");
        }

        Warnings(text, email.Heading);
        return text.ToString();
    }

    private static void Heading(StringBuilder text, EmailHeading heading)
    {
        text.AppendLine(Culture, $"Caseloads for week {heading.Week} (data as at {heading.AsOf}, policy {heading.PolicyVersion}).");
        if (heading.Stale is not null)
        {
            text.AppendLine(Culture, $"WARNING: stale data: {heading.Stale}");
        }
    }

    private static void Workers(StringBuilder text, string title, IReadOnlyList<WorkerLine> workers, string loadHeading)
    {
        if (workers.Count == 0)
        {
            return;
        }

        text.AppendLine().AppendLine(Culture, $"{title} ({workers.Count})");
        foreach (var worker in workers)
        {
            var marks = worker.Marks.Length > 0 ? $" ({worker.Marks})" : "";
            var over = worker.OverBy.Length > 0 ? $", over by {worker.OverBy} ({worker.Band}), {worker.Since}" : $" ({worker.Band})";
            text.AppendLine(Culture, $"- {worker.Name}{marks}: {loadHeading.ToLowerInvariant()} {worker.Load} against a limit of {worker.Limit}{over}");
            if (worker.FollowUp is { } followUp)
            {
                text.AppendLine(Culture, $"  {followUp.Text}{(followUp.Escalated is { } escalated ? " " + escalated : "")}");
                if (followUp.Link is { } link)
                {
                    text.AppendLine(Culture, $"  {followUp.LinkText}: {link}");
                }
            }
        }
    }

    private static void Warnings(StringBuilder text, EmailHeading heading)
    {
        if (heading.WarningCount == 0)
        {
            return;
        }

        text.AppendLine().AppendLine(Culture, $"Data quality: the snapshot had {Counted.Of(heading.WarningCount, "warning")}, for example:");
        foreach (var warning in heading.Warnings)
        {
            text.AppendLine(Culture, $"- {warning}");
        }
    }
}
