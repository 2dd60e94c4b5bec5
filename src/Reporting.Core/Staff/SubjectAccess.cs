using Caseload.Reporting.Calendar;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Staff;

/// <summary>
/// Everything stored about one worker, for their subject access request (UK GDPR article 15): the roster's facts
/// about them, each week's figures about them, the actions recorded on their breaches, and every notification that
/// named them with what it said about them. Nothing about anyone else, and no child's id.
/// </summary>
/// <param name="WorkerId">Their roster id, as the request gave it.</param>
/// <param name="MadeAt">When it was collected.</param>
/// <param name="Roster">What the stored rosters said about them, one entry for each run of snapshots that said the same.</param>
/// <param name="Weeks">Each evaluated week that named them, oldest first.</param>
/// <param name="Actions">The actions recorded on their breaches, oldest first.</param>
/// <param name="Notifications">Every notification that named them, oldest first.</param>
public sealed record SubjectAccess(
    string WorkerId,
    DateTimeOffset MadeAt,
    IReadOnlyList<RosterFacts> Roster,
    IReadOnlyList<WeekAboutWorker> Weeks,
    IReadOnlyList<Actions.BreachAction> Actions,
    IReadOnlyList<NotificationAboutWorker> Notifications)
{
    /// <summary>Whether nothing at all is stored about them.</summary>
    public bool Empty => Roster.Count == 0 && Weeks.Count == 0 && Actions.Count == 0 && Notifications.Count == 0;
}

/// <summary>What the HR roster said about the worker in the snapshots from <paramref name="From"/> to <paramref name="To"/>.</summary>
/// <param name="From">The first snapshot's date.</param>
/// <param name="To">The last snapshot's date that said the same.</param>
/// <param name="Snapshots">How many snapshots said it.</param>
/// <param name="Name">Their name.</param>
/// <param name="Email">Their work email.</param>
/// <param name="Team">Their team's name.</param>
/// <param name="Role">Their role.</param>
/// <param name="Fte">Their FTE.</param>
/// <param name="Asye">In their ASYE.</param>
/// <param name="Agency">From an agency.</param>
/// <param name="AwayFrom">The first day of a long absence the roster recorded (no reason is ever held); null for none.</param>
/// <param name="AwayUntil">Its last day; null when open-ended or none.</param>
public sealed record RosterFacts(
    LocalDate From, LocalDate To, int Snapshots, string Name, string Email, string Team, Role Role, decimal Fte, bool Asye, bool Agency, LocalDate? AwayFrom, LocalDate? AwayUntil)
{
    /// <summary>Their Social Work England number where the roster gave it apart from their id; null otherwise.</summary>
    public string? SweNumber { get; init; }

    /// <summary>The same facts, whatever the dates.</summary>
    public bool SameAs(RosterFacts other) =>
        other is not null && (Name, Email, Team, Role, Fte, Asye, Agency, AwayFrom, AwayUntil, SweNumber) == (other.Name, other.Email, other.Team, other.Role, other.Fte, other.Asye, other.Agency, other.AwayFrom, other.AwayUntil, other.SweNumber);

    /// <summary>A worker's facts on one snapshot's roster.</summary>
    public static RosterFacts Of(LocalDate asOf, Worker worker, string team)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return new RosterFacts(asOf, asOf, 1, worker.Name, worker.Email, team, worker.Role, worker.Fte, worker.Asye, worker.Agency, worker.Absence?.From, worker.Absence?.To) { SweNumber = worker.SweNumber };
    }

    /// <summary>Runs of snapshots that said the same, from each snapshot's facts in date order.</summary>
    public static IReadOnlyList<RosterFacts> Runs(IEnumerable<RosterFacts> dated)
    {
        ArgumentNullException.ThrowIfNull(dated);
        var runs = new List<RosterFacts>();
        foreach (var facts in dated)
        {
            if (runs.Count > 0 && runs[^1].SameAs(facts))
            {
                runs[^1] = runs[^1] with { To = facts.To, Snapshots = runs[^1].Snapshots + facts.Snapshots };
            }
            else
            {
                runs.Add(facts);
            }
        }

        return runs;
    }
}

/// <summary>One week's figures about the worker, as evaluated.</summary>
/// <param name="Week">The week.</param>
/// <param name="AsOf">The snapshot's date it was evaluated from.</param>
/// <param name="Name">How the week named them.</param>
/// <param name="Team">Their team's name.</param>
/// <param name="Fte">Their FTE.</param>
/// <param name="Caseload">The children (or families) they held.</param>
/// <param name="Load">Their load under the policy (equal to the caseload unless the policy weights cases).</param>
/// <param name="Limit">Their limit; null when their role has none.</param>
/// <param name="Band">Where their load stood.</param>
/// <param name="OverSince">When the breach began, as the stored snapshots say; null when not over or not known.</param>
/// <param name="WeeksInBreach">Weeks in breach, this one included.</param>
/// <param name="Away">On a long absence that week.</param>
public sealed record WeekAboutWorker(
    IsoWeek Week, LocalDate AsOf, string Name, string Team, decimal Fte, int Caseload, decimal Load, decimal? Limit, Band Band, LocalDate? OverSince, int WeeksInBreach, bool Away)
{
    /// <summary>The worker's row of a week's evaluation.</summary>
    public static WeekAboutWorker Of(CaseloadEvaluation evaluation, WorkerCaseload worker)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(worker);
        var team = evaluation.Teams.FirstOrDefault(t => t.TeamId == worker.TeamId)?.Name ?? worker.TeamId;
        return new WeekAboutWorker(evaluation.Week, evaluation.AsOf, worker.Name, team, worker.Fte, worker.Caseload, worker.WeightedLoad, worker.Limit, worker.Band, worker.OverSince, worker.WeeksInBreach, worker.Absent);
    }
}

/// <summary>A notification that named the worker.</summary>
/// <param name="Period">Its week or month.</param>
/// <param name="Kind">What it was.</param>
/// <param name="Recipient">To whom it went (an address, or a chat channel's name).</param>
/// <param name="Subject">Its subject.</param>
/// <param name="Sent">When it was sent; null when it was not (yet).</param>
/// <param name="Lines">What it said about them: the lines that named them, anyone else in them replaced.</param>
public sealed record NotificationAboutWorker(string Period, Notifications.NotificationKind Kind, string Recipient, string Subject, DateTimeOffset? Sent, IReadOnlyList<string> Lines);
