using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Improvement;
using NodaTime;

namespace Caseload.Reporting.Workforce;

/// <summary>
/// The council's own figures at a snapshot on the census's definitions (benchmarks spec), for children and family
/// social workers: so that they stand beside DfE's published figures as like for like. Unrounded.
/// </summary>
/// <param name="AsOf">The snapshot's date.</param>
/// <param name="InPostFte">In-post FTE (not agency).</param>
/// <param name="Cases">Cases held by case holders, a co-worked child counted for each of its workers.</param>
/// <param name="CaseloadFte">Cases ÷ the FTE of those holding at least one case; null without case holders.</param>
/// <param name="TurnoverRateFte">Leavers' FTE ÷ in-post FTE × 100; null without the year's rosters or without in-post FTE.</param>
/// <param name="AgencyRateFte">Agency FTE ÷ (agency + in-post FTE) × 100; null without social workers.</param>
/// <param name="VacancyRateFte">Unfilled establishment ÷ establishment × 100, over teams that give one; null when none does.</param>
/// <param name="TurnoverHistory">Whether the stored snapshots covered the year turnover looks back over.</param>
/// <param name="AgencyFte">Agency FTE.</param>
/// <param name="CaseHoldersFte">The FTE of those holding at least one case.</param>
/// <param name="LeaversFte">In-post leavers' FTE over the year; null without the year's rosters.</param>
/// <param name="VacancyFte">Establishment not filled by in-post FTE, over teams that give one; null when none does.</param>
public sealed record WorkforceFigures(
    LocalDate AsOf, decimal InPostFte, int Cases, decimal? CaseloadFte, decimal? TurnoverRateFte, decimal? AgencyRateFte, decimal? VacancyRateFte, History TurnoverHistory,
    decimal AgencyFte, decimal CaseHoldersFte, decimal? LeaversFte, decimal? VacancyFte)
{
    /// <summary>The figures of a snapshot's caseloads, with who left in its year when the stored snapshots cover it.</summary>
    /// <param name="caseloads">The snapshot's caseloads.</param>
    /// <param name="turnover">Who left in the year to it; null when not counted.</param>
    /// <param name="turnoverHistory">Whether the year was covered: without it there is no turnover figure.</param>
    public static WorkforceFigures Of(CaseloadSummary caseloads, StaffTurnover? turnover, History turnoverHistory)
    {
        ArgumentNullException.ThrowIfNull(caseloads);
        ArgumentNullException.ThrowIfNull(turnoverHistory);
        var socialWorkers = caseloads.Workers.Where(h => StaffRoster.KindOf(h.Worker) != StaffKind.Other).ToList();
        var inPost = socialWorkers.Where(h => !h.Worker.Agency).ToList();
        var inPostFte = inPost.Sum(h => h.Worker.Fte);
        var agencyFte = socialWorkers.Where(h => h.Worker.Agency).Sum(h => h.Worker.Fte);
        var holders = socialWorkers.Where(h => h.Children > 0).ToList();
        var cases = holders.Sum(h => h.Children);

        var established = caseloads.Teams.Where(t => t.Team.EstablishmentFte is not null).ToDictionary(t => t.Team.Id, t => t.Team.EstablishmentFte!.Value, StringComparer.Ordinal);
        var establishment = established.Values.Sum();
        var filled = inPost.Where(h => established.ContainsKey(h.Worker.TeamId)).Sum(h => h.Worker.Fte);

        var leavers = turnoverHistory.Complete ? turnover?.Leavers.Sum(l => l.Fte) : null;
        var holdersFte = holders.Sum(h => h.Worker.Fte);
        var vacancy = established.Count == 0 ? (decimal?)null : Math.Max(0m, establishment - filled);
        return new WorkforceFigures(
            caseloads.AsOf,
            inPostFte,
            cases,
            Ratio(cases, holdersFte),
            leavers is { } left ? Percent(left, inPostFte) : null,
            Percent(agencyFte, agencyFte + inPostFte),
            vacancy is { } unfilled ? Percent(unfilled, establishment) : null,
            turnoverHistory,
            agencyFte,
            holdersFte,
            leavers,
            vacancy);
    }

    /// <summary>The figure of a measure; null for sickness absence, which the roster cannot give.</summary>
    public decimal? Of(WorkforceMeasure measure) => measure switch
    {
        WorkforceMeasure.CaseloadFte => CaseloadFte,
        WorkforceMeasure.TurnoverRateFte => TurnoverRateFte,
        WorkforceMeasure.AgencyRateFte => AgencyRateFte,
        WorkforceMeasure.VacancyRateFte => VacancyRateFte,
        _ => null,
    };

    /// <summary>A ratio; null over nothing.</summary>
    internal static decimal? Ratio(decimal numerator, decimal denominator) => denominator == 0 ? null : numerator / denominator;

    /// <summary>A percentage; null over nothing.</summary>
    internal static decimal? Percent(decimal numerator, decimal denominator) => denominator == 0 ? null : numerator * 100m / denominator;
}
