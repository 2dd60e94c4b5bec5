using System.Globalization;

namespace Caseload.Reporting.Benchmarks;

/// <summary>A measure DfE publishes for every council each year (benchmarks spec), in the order the comparison gives them.</summary>
public enum WorkforceMeasure
{
    /// <summary>Cases held ÷ FTE of the workers holding at least one case.</summary>
    CaseloadFte,

    /// <summary>In-post leavers over the year ÷ in-post FTE × 100.</summary>
    TurnoverRateFte,

    /// <summary>Agency FTE ÷ (agency + in-post FTE) × 100.</summary>
    AgencyRateFte,

    /// <summary>Unfilled establishment ÷ establishment × 100; agency workers cover vacancies, they do not fill them.</summary>
    VacancyRateFte,

    /// <summary>Working days lost to sickness absence ÷ working days × 100; published only.</summary>
    AbsenceRateFte,
}

/// <summary>What a workforce measure is called, how DfE's file names it, and how its figure is shown.</summary>
/// <param name="Measure">The measure.</param>
/// <param name="Code">Its column in DfE's file and its name in the JSON, e.g. <c>caseload_fte</c>.</param>
/// <param name="Title">As people read it.</param>
/// <param name="InSentence">As a sentence names it: "caseload", "turnover".</param>
/// <param name="Unit">What its figure is: "cases per FTE" or "%".</param>
/// <param name="Definition">How the council's own figure is worked out from its snapshots, in words.</param>
public sealed record WorkforceMeasureDefinition(WorkforceMeasure Measure, string Code, string Title, string InSentence, string Unit, string Definition)
{
    private static readonly WorkforceMeasureDefinition[] All =
    [
        new(WorkforceMeasure.CaseloadFte, "caseload_fte", "Average caseload per case-holding FTE", "caseload", "cases per FTE",
            "Cases held by children and family social workers ÷ the FTE of those holding at least one case, agency workers included (DfE's definition)."),
        new(WorkforceMeasure.TurnoverRateFte, "turnover_rate_fte", "Turnover rate", "turnover", "%",
            "In-post social workers who left in the 365 days up to the date (FTE at their last snapshot) ÷ in-post FTE on the date × 100. A move of team, role or hours, or from agency to a post, is not leaving. No figure until the stored snapshots cover the 365 days."),
        new(WorkforceMeasure.AgencyRateFte, "agency_rate_fte", "Agency worker rate", "agency rate", "%",
            "Agency social worker FTE ÷ (agency + in-post social worker FTE) × 100."),
        new(WorkforceMeasure.VacancyRateFte, "vacancy_rate_fte", "Vacancy rate", "vacancy rate", "%",
            "Funded posts not filled by an in-post social worker ÷ funded posts × 100, over the teams that give an establishment; agency workers cover vacancies, they do not fill them."),
        new(WorkforceMeasure.AbsenceRateFte, "absence_rate_fte", "Sickness absence rate", "sickness absence", "%",
            "Working days lost to sickness absence ÷ working days × 100. Published only: the roster does not say why a worker is away."),
    ];

    /// <summary>Every measure, in the comparison's order.</summary>
    public static IReadOnlyList<WorkforceMeasureDefinition> Catalogue => All;

    /// <summary>A measure's definition.</summary>
    public static WorkforceMeasureDefinition Of(WorkforceMeasure measure) => All[(int)measure];

    /// <summary>Whether the figure is a percentage.</summary>
    public bool Percent => Unit == "%";

    /// <summary>A figure as printed: "15.7", "17.5%", "n/a" without one.</summary>
    public string Format(decimal? value) => value is not { } v ? "n/a"
        : decimal.Round(v, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture) + (Percent ? "%" : "");
}
