namespace Caseload.Reporting.Capacity;

/// <summary>A suggested move of cases inside a team, from a worker over their limit to one with headroom; it names workers, never children.</summary>
/// <param name="From">The giver's worker id.</param>
/// <param name="To">The receiver's worker id.</param>
/// <param name="Cases">How many cases, at least 1.</param>
public sealed record CaseMove(string From, string To, int Cases)
{
    /// <summary>How many cases: at least 1.</summary>
    public int Cases { get; init => field = Must.AtLeast(value, 1, nameof(Cases)); } = Must.AtLeast(Cases, 1, nameof(Cases));
}

/// <summary>
/// Whether a team can absorb its load, and how many posts it takes if not (capacity spec), in load units: cases in
/// count mode, weighted load in weighted mode.
/// </summary>
/// <param name="Headroom">Σ its present workers' room under their limits.</param>
/// <param name="Excess">Σ how far its present workers are over their limits.</param>
/// <param name="CoverNeeded">The children (or families, or their weights) held only by its absent workers.</param>
/// <param name="Waiting">Its unallocated children in the policy's unit (or their weights).</param>
/// <param name="FullTimeLimit">The full-time limit of its team type, the unit of posts.</param>
/// <param name="Moves">Suggested moves inside the team (count mode; none in weighted mode).</param>
/// <param name="Pressures">Its pressure in each of the last evaluated weeks, up to 12, oldest first, this week last.</param>
public sealed record TeamCapacity(decimal Headroom, decimal Excess, decimal CoverNeeded, decimal Waiting, decimal FullTimeLimit, IReadOnlyList<CaseMove> Moves, IReadOnlyList<decimal> Pressures)
{
    /// <summary>How many weeks of pressure the trend looks at.</summary>
    public const int TrendWeeks = 12;

    /// <summary>The fewest weeks from which a trend is given.</summary>
    public const int TrendFrom = 4;

    /// <summary>excess + unallocated + cover needed − headroom: what the team cannot absorb this week (negative when it could take more).</summary>
    public decimal Pressure => Excess + Waiting + CoverNeeded - Headroom;

    /// <summary>max(0, pressure).</summary>
    public decimal Shortfall => Math.Max(0m, Pressure);

    /// <summary>Shortfall ÷ the team type's full-time limit, rounded up to one decimal; 0 without a shortfall.</summary>
    public decimal FteNeeded => Shortfall == 0 ? 0m : Math.Ceiling(Shortfall / FullTimeLimit * 10m) / 10m;

    /// <summary>The least-squares slope of the pressures against the week; null with fewer than <see cref="TrendFrom"/> weeks.</summary>
    public decimal? TrendPerWeek => Pressures.Count < TrendFrom ? null : Slope(Pressures);

    /// <summary>
    /// Weeks until the pressure is down to nothing at the trend's rate: 0 when it is already; null without a trend
    /// or when it is not coming down.
    /// </summary>
    public int? WeeksToWithin => TrendPerWeek switch
    {
        null => null,
        _ when Pressure <= 0 => 0,
        < 0 and var slope => (int)Math.Ceiling(Pressure / -slope),
        _ => null,
    };

    /// <summary>The pressures a week carries forward: the previous weeks' (the latest 11) and this one's.</summary>
    public static IReadOnlyList<decimal> Carried(IReadOnlyList<decimal>? before, decimal now) =>
        [.. (before ?? []).TakeLast(TrendWeeks - 1), now];

    private static decimal Slope(IReadOnlyList<decimal> values)
    {
        var n = values.Count;
        var meanX = (n - 1) / 2m;
        var meanY = values.Average();
        decimal covariance = 0, variance = 0;
        for (var i = 0; i < n; i++)
        {
            covariance += (i - meanX) * (values[i] - meanY);
            variance += (i - meanX) * (i - meanX);
        }

        return covariance / variance;
    }
}

/// <summary>The council's capacity: the teams' figures summed (fteNeeded as the sum of the teams' rounded figures). Sharing headroom between teams is a manager's decision, not the product's.</summary>
/// <param name="Headroom">Σ headroom.</param>
/// <param name="Excess">Σ excess.</param>
/// <param name="CoverNeeded">Σ cover needed.</param>
/// <param name="Shortfall">Σ shortfall.</param>
/// <param name="FteNeeded">Σ FTE needed.</param>
public sealed record CapacityTotals(decimal Headroom, decimal Excess, decimal CoverNeeded, decimal Shortfall, decimal FteNeeded)
{
    /// <summary>The totals of some teams.</summary>
    public static CapacityTotals Of(IEnumerable<TeamCapacity> teams)
    {
        ArgumentNullException.ThrowIfNull(teams);
        decimal headroom = 0, excess = 0, cover = 0, shortfall = 0, fte = 0;
        foreach (var team in teams)
        {
            (headroom, excess, cover, shortfall, fte) = (headroom + team.Headroom, excess + team.Excess, cover + team.CoverNeeded, shortfall + team.Shortfall, fte + team.FteNeeded);
        }

        return new CapacityTotals(headroom, excess, cover, shortfall, fte);
    }
}
