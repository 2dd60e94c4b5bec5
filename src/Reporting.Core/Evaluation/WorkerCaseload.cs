using NodaTime;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Evaluation;

/// <summary>One worker's caseload against their limit in one evaluation.</summary>
/// <param name="WorkerId">The worker's key.</param>
/// <param name="Name">Their display name.</param>
/// <param name="TeamId">Their team.</param>
/// <param name="Role">Their role.</param>
/// <param name="Fte">Their FTE.</param>
/// <param name="Asye">In their ASYE.</param>
/// <param name="Agency">An agency worker.</param>
/// <param name="Caseload">Distinct children (or families) they hold.</param>
/// <param name="WeightedLoad">The complexity-weighted load of their children.</param>
/// <param name="Limit">Their limit, or null when their role is exempt.</param>
/// <param name="OverBy">How far their load exceeds the limit; 0 when it does not.</param>
/// <param name="Band">Where their load stands.</param>
/// <param name="Status">Their breach against the previous evaluation, or null when neither was a breach.</param>
/// <param name="WeeksInBreach">Consecutive evaluated weeks in breach, this one included; 0 when not in breach.</param>
/// <param name="Absent">On a long absence on the snapshot's date (capacity spec): their load stays theirs, but they give and take no cases and their breach does not escalate.</param>
/// <param name="Headroom">Limit − load when present and under their limit; else 0.</param>
/// <param name="FollowUp">What is being done about their breach, and whom it has reached.</param>
public sealed record WorkerCaseload(
    string WorkerId,
    string Name,
    string TeamId,
    Role Role,
    decimal Fte,
    bool Asye,
    bool Agency,
    int Caseload,
    decimal WeightedLoad,
    decimal? Limit,
    decimal OverBy,
    Band Band,
    BreachStatus? Status,
    int WeeksInBreach,
    bool Absent,
    decimal Headroom,
    Actions.BreachFollowUp FollowUp)
{
    /// <summary>
    /// Where the stored history is at hand (the weekly job): the date of the first snapshot of the breach's unbroken
    /// run; null when not in breach or without history (<c>reporting evaluate</c>).
    /// </summary>
    public LocalDate? OverSince { get; init; }

    /// <summary>The breach's run reaches back to the first stored snapshot naming the worker: it may be older than the data.</summary>
    public bool HistoryStarts { get; init; }

    /// <summary>Limit − load when present and under their limit; else 0.</summary>
    public decimal Headroom { get; init => field = Must.NotNegative(value, nameof(Headroom)); } = Must.NotNegative(Headroom, nameof(Headroom));

    /// <summary>Their FTE: more than 0 and at most 1.</summary>
    public decimal Fte { get; init => field = Must.Fraction(value, nameof(Fte))!.Value; } = Must.Fraction(Fte, nameof(Fte))!.Value;

    /// <summary>Distinct children (or families) they hold; not negative.</summary>
    public int Caseload { get; init => field = Must.NotNegative(value, nameof(Caseload)); } = Must.NotNegative(Caseload, nameof(Caseload));

    /// <summary>The complexity-weighted load of their children; not negative.</summary>
    public decimal WeightedLoad { get; init => field = Must.NotNegative(value, nameof(WeightedLoad)); } = Must.NotNegative(WeightedLoad, nameof(WeightedLoad));

    /// <summary>How far their load exceeds the limit; 0 when it does not.</summary>
    public decimal OverBy { get; init => field = Must.NotNegative(value, nameof(OverBy)); } = Must.NotNegative(OverBy, nameof(OverBy));

    /// <summary>Where their load stands: exempt exactly when they have no limit.</summary>
    public Band Band { get; init => field = Consistent(value, Limit); } = Consistent(Band, Limit);

    /// <summary>Consecutive evaluated weeks in breach, this one included: at least 1 in breach, else 0.</summary>
    public int WeeksInBreach { get; init => field = Weeks(value, Band); } = Weeks(WeeksInBreach, Band);

    /// <summary>Amber or red.</summary>
    public bool InBreach => Band is Band.Amber or Band.Red;

    private static Band Consistent(Band band, decimal? limit) =>
        (band == Band.Exempt) == (limit is null) ? band : throw new ArgumentException("A worker is exempt exactly when they have no limit.", nameof(band));

    private static int Weeks(int weeks, Band band) =>
        (band is Band.Amber or Band.Red) == (weeks > 0) && weeks >= 0 ? weeks : throw new ArgumentOutOfRangeException(nameof(weeks), weeks, "A worker in breach has been so for at least a week; one not in breach, for none.");
}
