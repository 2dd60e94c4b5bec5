using System.Globalization;
using System.Text.Json.Nodes;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Content.Weekly;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Notifications;

namespace Caseload.Reporting.Content.Teams;

/// <summary>
/// A team's week as an Adaptive Card (schema 1.5) for its Teams channel, in the message a Teams Workflows webhook
/// takes. Counts only — over the limit, new, continuing, back within, escalated because nobody is recorded as acting
/// (docs/actions.md), unallocated, children needing cover, what the team could absorb — and no names: a channel is read by more people than the manager. No chart (a webhook message
/// is limited to 28 KB, and an image would need a public address) and no link (nothing in a channel should need a
/// login or carry a manager's signed link).
/// </summary>
public static class TeamCard
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>The card of a team's week for a channel.</summary>
    /// <param name="picture">The week.</param>
    /// <param name="team">The team.</param>
    /// <param name="channel">The channel.</param>
    public static Notification Compose(WeeklyPicture picture, TeamCaseload team, Recipient channel)
    {
        ArgumentNullException.ThrowIfNull(picture);
        ArgumentNullException.ThrowIfNull(team);
        var workers = picture.WorkersByTeam[team.TeamId].ToList();
        var over = workers.Count(w => w.InBreach);
        var isNew = workers.Count(w => w.Status == BreachStatus.New && !w.Absent);
        var continuing = workers.Count(w => w.Status == BreachStatus.Continuing && !w.Absent);
        var away = workers.Count(w => w.Absent);
        var back = workers.Count(w => w.Status == BreachStatus.Resolved);
        var escalated = workers.Count(w => w.FollowUp.Escalation is not null);
        var name = Plain(Words.OneLine(team.Name));
        var title = $"{name}: {(over == 0 ? "no one" : over.ToString(Culture))} over caseload limit, week {picture.Week.Week}";
        var capacity = team.Capacity;
        JsonArray facts =
        [
            Fact("Over their limit", $"{over} of {team.Figures.CaseHolders} case holders"),
            Fact("New this week", isNew.ToString(Culture)),
            Fact("Still over", continuing.ToString(Culture)),
            Fact("Back within their limit", back.ToString(Culture)),
            Fact("Escalated: nobody recorded as acting", escalated.ToString(Culture)),
            Fact("Average caseload", team.Figures.AverageCaseload?.ToString("0.0", Culture) ?? "n/a"),
            Fact("Unallocated children", team.Figures.Unallocated.ToString(Culture)),
            Fact("Away", away.ToString(Culture)),
            Fact("Needing cover (held only by workers away)", Weekly.CapacityWords.Amount(capacity.CoverNeeded, picture.Policy)),
            Fact("FTE needed", capacity.FteNeeded.ToString("0.0", Culture)),
        ];
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.5",
            ["body"] = new JsonArray
            {
                new JsonObject { ["type"] = "TextBlock", ["text"] = name, ["size"] = "Large", ["weight"] = "Bolder", ["wrap"] = true },
                new JsonObject { ["type"] = "TextBlock", ["text"] = $"Caseloads, week {picture.Week} · data as at {picture.Evaluation.AsOf.ToString("d MMM yyyy", Culture)}", ["isSubtle"] = true, ["spacing"] = "None", ["wrap"] = true },
                new JsonObject { ["type"] = "FactSet", ["facts"] = facts },
                new JsonObject { ["type"] = "TextBlock", ["text"] = Weekly.CapacityWords.Absorb(capacity, picture.Policy), ["wrap"] = true },
            },
        };
        var message = new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray { new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["contentUrl"] = null, ["content"] = card } },
        };
        return new Notification(ReportingPeriod.Of(picture.Week), NotificationKind.TeamsChannel, channel, new CardContent(title, message), About: team.TeamId);
    }

    /// <summary>
    /// A name as plain text in a card: Teams renders a TextBlock's Markdown and makes links of addresses, so the
    /// characters that make emphasis or a link are left out and an address's "://" broken, and a council's data
    /// cannot put a link in a channel.
    /// </summary>
    private static string Plain(string text) =>
        string.Concat(text.Where(c => "[]()*_~`#>|\\<".IndexOf(c, StringComparison.Ordinal) < 0)).Replace("://", ": //", StringComparison.Ordinal).Replace("www.", "www ", StringComparison.OrdinalIgnoreCase);

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };
}
