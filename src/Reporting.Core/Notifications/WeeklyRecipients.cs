using Caseload.Reporting.Evaluation;

namespace Caseload.Reporting.Notifications;

/// <summary>One recipient of the week and the teams their email is about.</summary>
/// <param name="Kind">Manager's email or head of service's roll-up.</param>
/// <param name="To">The address, as the roster gives it.</param>
/// <param name="TeamIds">Their teams, in the evaluation's order.</param>
public sealed record Addressee(NotificationKind Kind, string To, IReadOnlyList<string> TeamIds)
{
    /// <summary>The notification's key within the week.</summary>
    public NotificationKey Key => new(Kind, Recipient.Email(To));
}

/// <summary>Everyone told this week, and the teams that could not be told as the roster says.</summary>
/// <param name="All">One addressee per recipient: managers first, then heads of service.</param>
/// <param name="Unaddressed">Teams without a manager's address when no fallback address is configured: no one is told of them.</param>
/// <param name="Rerouted">Teams whose manager's address cannot be an address: their email goes to the fallback instead.</param>
public sealed record WeeklyAddressees(IReadOnlyList<Addressee> All, IReadOnlyList<string> Unaddressed, IReadOnlyList<string> Rerouted);

/// <summary>
/// Who gets which weekly email: each team manager one email about all the teams they manage (even when all is
/// clear); a team without a manager, or whose manager's address cannot be an address, to the fallback address;
/// each head of service one roll-up of their teams.
/// </summary>
public static class WeeklyRecipients
{
    /// <summary>The week's addressees.</summary>
    /// <param name="evaluation">The week's evaluation: its teams, in order.</param>
    /// <param name="caseloads">The snapshot's roster: managers, their addresses, heads of service.</param>
    /// <param name="fallbackTo">Where a team without a manager's address goes; null to report such teams instead.</param>
    public static WeeklyAddressees Of(CaseloadEvaluation evaluation, CaseloadSummary caseloads, string? fallbackTo)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(caseloads);
        var emails = caseloads.Workers.ToDictionary(w => w.Worker.Id, w => w.Worker.Email, StringComparer.Ordinal);
        var teams = caseloads.Teams.ToDictionary(t => t.Team.Id, t => t.Team, StringComparer.Ordinal);
        var fallback = EmailAddress.IsValid(fallbackTo) ? fallbackTo!.Trim() : null;
        var unaddressed = new List<string>();
        var rerouted = new List<string>();
        var byManager = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var byHead = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var team in evaluation.Teams)
        {
            var roster = teams[team.TeamId];
            var manager = roster.ManagerId is { } id ? emails.GetValueOrDefault(id) : null;
            if (manager is not null && !EmailAddress.IsValid(manager))
            {
                rerouted.Add(team.TeamId);
                manager = null;
            }

            if ((manager?.Trim() ?? fallback) is { } to)
            {
                (byManager.TryGetValue(to, out var list) ? list : byManager[to] = []).Add(team.TeamId);
            }
            else
            {
                unaddressed.Add(team.TeamId);
            }

            if (roster.HeadOfServiceEmail is { } head)
            {
                (byHead.TryGetValue(head.Trim(), out var list) ? list : byHead[head.Trim()] = []).Add(team.TeamId);
            }
        }

        return new WeeklyAddressees(
            [.. byManager.Select(m => new Addressee(NotificationKind.TeamManager, m.Key, m.Value)),
             .. byHead.Select(h => new Addressee(NotificationKind.ServiceRollUp, h.Key, h.Value))],
            unaddressed,
            rerouted);
    }
}
