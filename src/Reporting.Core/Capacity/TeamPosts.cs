namespace Caseload.Reporting.Capacity;

/// <summary>
/// A team's case for posts (capacity spec, for leadership): the FTE its shortfall takes against its funded
/// vacancies, the establishment less the social work posts filled (agency workers and absent workers fill posts).
/// </summary>
/// <param name="TeamId">The team.</param>
/// <param name="Name">Its name.</param>
/// <param name="FteNeeded">FTE needed to absorb its shortfall.</param>
/// <param name="Establishment">Its funded social work FTE, or null when teams.csv gives none.</param>
/// <param name="Filled">The social work FTE on its roster.</param>
public sealed record TeamPosts(string TeamId, string Name, decimal FteNeeded, decimal? Establishment, decimal Filled)
{
    /// <summary>Funded posts not filled: establishment − filled, never below 0; null without an establishment.</summary>
    public decimal? Vacancies => Establishment is { } funded ? Math.Max(0m, funded - Filled) : null;

    /// <summary>FTE needed beyond filling the funded vacancies: the new posts it would take.</summary>
    public decimal BeyondVacancies => Math.Max(0m, FteNeeded - (Vacancies ?? 0m));
}

/// <summary>The council's case for posts: its teams' figures summed.</summary>
/// <param name="FteNeeded">Σ FTE needed.</param>
/// <param name="Vacancies">Σ funded vacancies of the teams that give an establishment.</param>
/// <param name="BeyondVacancies">Σ FTE needed beyond each team's vacancies.</param>
public sealed record PostsTotals(decimal FteNeeded, decimal Vacancies, decimal BeyondVacancies)
{
    /// <summary>The totals of some teams.</summary>
    public static PostsTotals Of(IEnumerable<TeamPosts> teams)
    {
        ArgumentNullException.ThrowIfNull(teams);
        var list = teams.ToList();
        return new PostsTotals(list.Sum(t => t.FteNeeded), list.Sum(t => t.Vacancies ?? 0m), list.Sum(t => t.BeyondVacancies));
    }
}
