using Caseload.Reporting.Benchmarks;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Workforce;
using NodaTime;

namespace Caseload.Reporting.Census;

/// <summary>
/// The figures DfE will publish from a return, on its definitions (census spec), unrounded: what the council's
/// published figures will say, ten months before they are published.
/// </summary>
/// <param name="InPost">Workers in post on the census day.</param>
/// <param name="Agency">Agency workers.</param>
/// <param name="Leavers">Leavers of the year.</param>
/// <param name="Vacancies"><c>NumberOfVacancies</c>, FTE.</param>
/// <param name="CaseloadFte">Σ <c>Cases30</c> ÷ the FTE of those holding a case; null when no one does.</param>
/// <param name="TurnoverRateFte">Leavers' FTE ÷ in-post FTE × 100.</param>
/// <param name="AgencyRateFte">Agency FTE ÷ (agency + in-post FTE) × 100.</param>
/// <param name="VacancyRateFte">Vacancies ÷ (vacancies + in-post FTE) × 100.</param>
/// <param name="AbsenceRateFte">In-post working days lost ÷ (in-post FTE × the year's working days in England) × 100.</param>
public sealed record CensusFigures(
    int InPost, int Agency, int Leavers, decimal? Vacancies,
    decimal? CaseloadFte, decimal? TurnoverRateFte, decimal? AgencyRateFte, decimal? VacancyRateFte, decimal? AbsenceRateFte)
{
    /// <summary>Nothing counted: a return that could not be read to its end, or without a census day.</summary>
    public static CensusFigures None { get; } = new(0, 0, 0, null, null, null, null, null, null);

    /// <summary>The figures of a return on its census day <paramref name="reference"/>.</summary>
    public static CensusFigures Of(CensusReturn census, LocalDate reference)
    {
        ArgumentNullException.ThrowIfNull(census);
        var inPost = census.Standing(CensusStanding.InPost, reference).ToList();
        var agency = census.Standing(CensusStanding.Agency, reference).ToList();
        var leavers = census.Standing(CensusStanding.Leaver, reference).ToList();
        var inPostFte = inPost.Sum(w => w.Fte30 ?? 0);
        var agencyFte = agency.Sum(w => w.Fte ?? 0);
        var holders = inPost.Concat(agency).Where(w => w.Cases30 >= 1).ToList();
        var vacancies = census.Header.Vacancies;

        // The year's working days: 1 October to the census day, weekends and England's bank holidays excepted.
        var workingDays = WorkingDays.EnglandAndWales.Between(CensusYear.Start(reference).PlusDays(-1), reference);
        return new CensusFigures(
            inPost.Count,
            agency.Count,
            leavers.Count,
            vacancies,
            WorkforceFigures.Ratio(holders.Sum(w => (decimal)w.Cases30!.Value), holders.Sum(w => w.CountedFte(reference) ?? 0)),
            WorkforceFigures.Percent(leavers.Sum(w => w.Fte ?? 0), inPostFte),
            WorkforceFigures.Percent(agencyFte, agencyFte + inPostFte),
            vacancies is { } v ? WorkforceFigures.Percent(v, v + inPostFte) : null,
            WorkforceFigures.Percent(inPost.Sum(w => w.WorkingDaysLost ?? 0), inPostFte * workingDays));
    }

    /// <summary>The figure of a measure.</summary>
    public decimal? Of(WorkforceMeasure measure) => measure switch
    {
        WorkforceMeasure.CaseloadFte => CaseloadFte,
        WorkforceMeasure.TurnoverRateFte => TurnoverRateFte,
        WorkforceMeasure.AgencyRateFte => AgencyRateFte,
        WorkforceMeasure.VacancyRateFte => VacancyRateFte,
        _ => AbsenceRateFte,
    };
}
