namespace Caseload.Reporting.Content.Weekly;

/// <summary>What heads every weekly email: the week, the data's date and policy, staleness and data quality.</summary>
/// <param name="Week">The week, e.g. 2026-W47.</param>
/// <param name="AsOf">The data's date, e.g. 16 Nov 2026.</param>
/// <param name="PolicyVersion">The policy applied.</param>
/// <param name="Stale">A warning that the data is old, or null.</param>
/// <param name="WarningCount">The snapshot's data-quality warnings.</param>
/// <param name="Warnings">The first few of them.</param>
/// <param name="Context">The line that opens the email, when it is not the weekly one.</param>
public sealed record EmailHeading(string Week, string AsOf, string PolicyVersion, string? Stale, int WarningCount, IReadOnlyList<string> Warnings, string? Context = null)
{
    /// <summary>The line that opens the email: what it reports on, the data's date and the policy.</summary>
    public string Line => Context ?? $"Caseloads, week {Week} · data as at {AsOf} · policy {PolicyVersion}";
}

/// <summary>One worker's line in their manager's email.</summary>
/// <param name="Name">Their name.</param>
/// <param name="Load">Their caseload, or weighted load where the policy weighs.</param>
/// <param name="Limit">Their limit.</param>
/// <param name="OverBy">How far over, or empty.</param>
/// <param name="Band">red, amber, at_limit or within.</param>
/// <param name="Marks">ASYE and part-time, e.g. "ASYE, 0.6 FTE", or empty.</param>
/// <param name="Since">How long they have been over, in words (<see cref="BreachAge"/>); empty when not over.</param>
/// <param name="FollowUp">What is being done about the breach, in one line, or how far it has escalated; null when not in breach.</param>
public sealed record WorkerLine(string Name, string Load, string Limit, string OverBy, string Band, string Marks, string Since, FollowUpLine? FollowUp = null);

/// <summary>Under a breach in a manager's email: what was recorded about it, in one line, and the link to record or change it.</summary>
/// <param name="Text">The recorded action in one line ("Reallocating cases by 7 Dec 2026, recorded 23 Nov"), or that none is recorded.</param>
/// <param name="Overdue">The action's date has passed: the line says so.</param>
/// <param name="Escalated">Whom the breach has reached for want of an action in date, as a sentence, or null.</param>
/// <param name="Link">The signed link to the breach's page, or null when the product has no public address or key.</param>
/// <param name="LinkText">"Record what you are doing", or "Change what you are doing" once something is recorded.</param>
public sealed record FollowUpLine(string Text, bool Overdue, string? Escalated, string? Link, string LinkText);

/// <summary>A chart attached inline by content-id.</summary>
/// <param name="ContentId">Its content-id, without angle brackets.</param>
/// <param name="AltText">What it shows, for a screen reader or a client that blocks images.</param>
/// <param name="Width">Pixels.</param>
/// <param name="Height">Pixels.</param>
/// <param name="Png">The image.</param>
public sealed record InlineImage(string ContentId, string AltText, int Width, int Height, byte[] Png);

/// <summary>One team in its manager's email.</summary>
/// <param name="Name">The team.</param>
/// <param name="SinceLastWeek">The one-line change since last week.</param>
/// <param name="New">Over their limit, new this week.</param>
/// <param name="Continuing">Still over.</param>
/// <param name="Resolved">Back within their limit.</param>
/// <param name="LoadHeading">"Caseload" or "Weighted load".</param>
/// <param name="Average">The average caseload per case holder.</param>
/// <param name="TeamLimit">The team's full-time limit under the policy.</param>
/// <param name="PerFte">Cases per FTE.</param>
/// <param name="CaseHolders">Case holders.</param>
/// <param name="Unallocated">Unallocated children.</param>
/// <param name="OldestWaiting">How long the longest unallocated child has waited, or null.</param>
/// <param name="Chart">The team's caseloads against their limits.</param>
/// <param name="Everyone">Every case holder: the chart's numbers as a table.</param>
/// <param name="Capacity">What the team could absorb, suggested moves, cover needed and the trend, in sentences.</param>
/// <param name="Away">Each worker away, in a sentence: since and until when, the children they hold, how many need cover.</param>
public sealed record TeamSection(
    string Name,
    string SinceLastWeek,
    IReadOnlyList<WorkerLine> New,
    IReadOnlyList<WorkerLine> Continuing,
    IReadOnlyList<WorkerLine> Resolved,
    string LoadHeading,
    string Average,
    string TeamLimit,
    string PerFte,
    int CaseHolders,
    int Unallocated,
    string? OldestWaiting,
    InlineImage Chart,
    IReadOnlyList<WorkerLine> Everyone,
    CapacityLines Capacity,
    IReadOnlyList<string> Away);

/// <summary>A team's capacity in a manager's words (capacity spec): suggestions the manager decides on.</summary>
/// <param name="Absorb">"The team could absorb 6 of the 21 cases over the limit or needing cover." (<see cref="CapacityWords"/>)</param>
/// <param name="Moves">Suggested moves by name, e.g. "2 cases from Maya C. to Dev H."; empty when there are none.</param>
/// <param name="Cover">How many children are held only by an absent worker and need cover (a count, never an id), or null.</param>
/// <param name="Trend">"Cases the team cannot absorb: down from 9 to 6 in three weeks; at this rate none in about 6 weeks.", or null with too few weeks.</param>
public sealed record CapacityLines(string Absorb, IReadOnlyList<string> Moves, string? Cover, string? Trend);

/// <summary>A team manager's weekly email.</summary>
/// <param name="Heading">The heading.</param>
/// <param name="Teams">Their team(s).</param>
public sealed record ManagerEmail(EmailHeading Heading, IReadOnlyList<TeamSection> Teams);

/// <summary>One team's row in a head of service's roll-up, or its service's total.</summary>
/// <param name="Team">The team, or "Service total".</param>
/// <param name="CaseHolders">Case holders.</param>
/// <param name="Average">Average caseload.</param>
/// <param name="OverLimit">Workers over their limit, with the change since last week: "5 (+1)", "5 (n/a)".</param>
/// <param name="Unallocated">Unallocated children.</param>
/// <param name="Away">Workers away, with the children held only by them: "1 (20)"; "0".</param>
/// <param name="Shortfall">What the team cannot absorb, in load units.</param>
/// <param name="FteNeeded">The full-time posts that would take, to one decimal.</param>
public sealed record RollUpRow(string Team, int CaseHolders, string Average, string OverLimit, int Unallocated, string Away, string Shortfall, string FteNeeded);

/// <summary>A service's teams side by side.</summary>
/// <param name="Name">The service.</param>
/// <param name="Teams">Its teams.</param>
/// <param name="Total">The service's figures, every column: sums, and the average over all its case holders.</param>
public sealed record RollUpService(string Name, IReadOnlyList<RollUpRow> Teams, RollUpRow Total);

/// <summary>A red case named in the roll-up.</summary>
/// <param name="Team">The worker's team.</param>
/// <param name="Worker">The worker's line.</param>
public sealed record RedCase(string Team, WorkerLine Worker);

/// <summary>A breach nobody is acting on, named in the roll-up with its weeks and its manager.</summary>
/// <param name="Team">The worker's team.</param>
/// <param name="Manager">The team's manager, or "(no manager)".</param>
/// <param name="Worker">The worker's line.</param>
/// <param name="Reached">"head of service" or "leadership": whom it has reached.</param>
public sealed record EscalatedBreach(string Team, string Manager, WorkerLine Worker, string Reached);

/// <summary>A head of service's weekly roll-up.</summary>
/// <param name="Heading">The heading.</param>
/// <param name="Services">Their services' teams.</param>
/// <param name="Escalated">Breaches across their teams with no action in date for long enough to reach them.</param>
/// <param name="RedCases">Workers in red across their teams.</param>
public sealed record RollUpEmail(EmailHeading Heading, IReadOnlyList<RollUpService> Services, IReadOnlyList<EscalatedBreach> Escalated, IReadOnlyList<RedCase> RedCases);
