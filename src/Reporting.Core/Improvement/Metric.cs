namespace Caseload.Reporting.Improvement;

/// <summary>A measure's metric (improvement spec, "Metrics").</summary>
public enum Metric
{
    /// <summary>Cases held by case holders ÷ case holders.</summary>
    AverageCaseload,

    /// <summary>Cases held by case holders ÷ their FTE.</summary>
    CasesPerFte,

    /// <summary>The largest caseload of a case holder.</summary>
    MaxCaseload,

    /// <summary>Case holders in breach ÷ case holders × 100.</summary>
    PctWorkersOverLimit,

    /// <summary>Case holders over their limit by 1 or 2.</summary>
    WorkersOverBy1To2,

    /// <summary>Case holders over their limit by more than 2.</summary>
    WorkersOverBy3Plus,

    /// <summary>ASYE case holders not in breach ÷ ASYE case holders × 100.</summary>
    PctAsyeWithinLimit,

    /// <summary>Agency social worker FTE ÷ all social worker FTE × 100.</summary>
    AgencyFtePct,

    /// <summary>Unfilled establishment ÷ establishment × 100.</summary>
    VacancyRatePct,

    /// <summary>Unallocated children.</summary>
    UnallocatedCases,

    /// <summary>Unallocated children waiting more than 5 working days.</summary>
    UnallocatedOver5WorkingDays,

    /// <summary>Distinct children looked after.</summary>
    ChildrenLookedAfter,

    /// <summary>CP children on a plan for 2 years or more ÷ CP children with a plan start × 100.</summary>
    PctCpPlans2YearsPlus,

    /// <summary>CP children visited within 10 working days ÷ CP children × 100.</summary>
    PctCpVisited10WorkingDays,

    /// <summary>Looked-after children visited within 6 weeks ÷ looked-after children × 100.</summary>
    PctClaVisited6Weeks,

    /// <summary>Open children with 3 or more workers in 12 months ÷ open children × 100.</summary>
    PctChildren3PlusWorkers12M,

    /// <summary>In-post social workers who left in the 365 days (FTE) ÷ in-post FTE × 100.</summary>
    TurnoverRateFte,
}

/// <summary>What a metric's figure is, which decides how it is shown.</summary>
public enum MetricUnit
{
    /// <summary>A number of children or workers.</summary>
    Count,

    /// <summary>Cases per worker or per FTE, shown to one decimal.</summary>
    Caseload,

    /// <summary>A percentage, shown to one decimal with a % sign.</summary>
    Percent,
}

/// <summary>What a metric is called, measures and means, as the digest, the summary and the data pack print it.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="Code">Its code in plan.json, e.g. <c>average_caseload</c>.</param>
/// <param name="Title">A short title.</param>
/// <param name="Unit">What its figure is.</param>
/// <param name="Definition">How it is computed, in words.</param>
/// <param name="Window">How far back it looks over the stored snapshots; null when it reads one snapshot.</param>
public sealed record MetricDefinition(Metric Metric, string Code, string Title, MetricUnit Unit, string Definition, LookBack? Window = null)
{
    private static readonly MetricDefinition[] All =
    [
        new(Metric.AverageCaseload, "average_caseload", "Average caseload per case holder", MetricUnit.Caseload,
            "Cases held by case holders ÷ number of case holders, as in the weekly evaluation (case holders are workers whose role holds a caseload limit)."),
        new(Metric.CasesPerFte, "cases_per_fte", "Average caseload per case-holding FTE (census definition)", MetricUnit.Caseload,
            "Cases held by case holders ÷ their FTE (the workforce census definition)."),
        new(Metric.MaxCaseload, "max_caseload", "Largest caseload", MetricUnit.Count,
            "The largest caseload held by a case holder."),
        new(Metric.PctWorkersOverLimit, "pct_workers_over_limit", "Workers over their limit", MetricUnit.Percent,
            "Case holders over their limit (amber or red under the policy) ÷ case holders × 100."),
        new(Metric.WorkersOverBy1To2, "workers_over_by_1_2", "Case holders over by 1 or 2", MetricUnit.Count,
            "Case holders over their limit by no more than 2."),
        new(Metric.WorkersOverBy3Plus, "workers_over_by_3_plus", "Case holders over by 3 or more", MetricUnit.Count,
            "Case holders over their limit by more than 2."),
        new(Metric.PctAsyeWithinLimit, "pct_asye_within_limit", "ASYEs within their limit", MetricUnit.Percent,
            "ASYE case holders not in breach of their (protected) limit ÷ ASYE case holders × 100."),
        new(Metric.AgencyFtePct, "agency_fte_pct", "Agency FTE", MetricUnit.Percent,
            "Agency social worker FTE ÷ all social worker FTE × 100 (social workers: every role but family worker, student and other)."),
        new(Metric.VacancyRatePct, "vacancy_rate_pct", "Vacancy rate", MetricUnit.Percent,
            "max(0, establishment FTE − filled social worker FTE) ÷ establishment FTE × 100, over the teams that give an establishment."),
        new(Metric.UnallocatedCases, "unallocated_cases", "Unallocated children", MetricUnit.Count,
            "Children whose case has no named worker."),
        new(Metric.UnallocatedOver5WorkingDays, "unallocated_over_5_working_days", "Children unallocated over 5 working days", MetricUnit.Count,
            "Unallocated children who have waited more than 5 England and Wales working days since their case was opened, at the data's date."),
        new(Metric.ChildrenLookedAfter, "children_looked_after", "Children looked after", MetricUnit.Count,
            "Children looked after (each counted once, whoever holds their case)."),
        new(Metric.PctCpPlans2YearsPlus, "pct_cp_plans_2_years_plus", "Child protection plans of 2 years or more", MetricUnit.Percent,
            "Children on a child protection plan that started 2 years or more before the data's date ÷ children on a child protection plan whose start date is given × 100."),
        new(Metric.PctCpVisited10WorkingDays, "pct_cp_visited_10_working_days", "Child protection visits within 10 working days", MetricUnit.Percent,
            "Children on a child protection plan last visited no more than 10 working days before the data's date ÷ children on a child protection plan × 100."),
        new(Metric.PctClaVisited6Weeks, "pct_cla_visited_6_weeks", "Looked-after children visited within 6 weeks", MetricUnit.Percent,
            "Looked-after children last visited no more than 42 days (6 weeks) before the data's date ÷ looked-after children × 100."),
        new(Metric.PctChildren3PlusWorkers12M, "pct_children_3plus_workers_12m", "Children with 3+ workers in 12 months", MetricUnit.Percent,
            "Children open at the data's date who had 3 or more distinct allocated workers across the stored snapshots of the 365 days up to it ÷ children open at that date × 100. Not rated until the stored snapshots cover the 365 days.",
            new LookBack(365, 12)),
        new(Metric.TurnoverRateFte, "turnover_rate_fte", "Social worker turnover", MetricUnit.Percent,
            "In-post children and family social workers who left in the 365 days up to the data's date (FTE at their last snapshot; a move of team, role or hours, or from agency to a post, is not leaving) ÷ in-post FTE at that date × 100, DfE's definition. For a filter of teams, leavers are counted in the team they were last in. Not rated until the stored snapshots cover the 365 days.",
            new LookBack(365, 12)),
    ];

    /// <summary>What the figure counts, as a column heading or an axis names it: "%", "cases per FTE", "children".</summary>
    public string UnitName => Unit switch
    {
        MetricUnit.Percent => "%",
        MetricUnit.Caseload => Metric == Metric.CasesPerFte ? "cases per FTE" : "cases per case holder",
        _ => Metric switch
        {
            Metric.MaxCaseload => "cases",
            Metric.WorkersOverBy1To2 or Metric.WorkersOverBy3Plus => "case holders",
            _ => "children",
        },
    };

    /// <summary>Every metric's definition, in the spec's order.</summary>
    public static IReadOnlyList<MetricDefinition> Catalogue => All;

    /// <summary>A metric's definition.</summary>
    public static MetricDefinition Of(Metric metric) => All[(int)metric];

    /// <summary>The metric with a code, matched exactly as plan.json writes it.</summary>
    public static bool TryParse(string code, out Metric metric)
    {
        var found = Array.Find(All, d => string.Equals(d.Code, code, StringComparison.Ordinal));
        metric = found?.Metric ?? default;
        return found is not null;
    }

    /// <summary>A change as the digest prints it, signed; percentages change by percentage points ("-7.0 pts").</summary>
    public string FormatChange(decimal? change) => change is not { } c ? "n/a"
        : (c > 0 ? "+" : "") + (Unit == MetricUnit.Percent
            ? decimal.Round(c, 1, MidpointRounding.AwayFromZero).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " pts"
            : Format(c));

    /// <summary>A figure as the digest prints it: whole counts, one decimal for caseloads, a % sign on percentages.</summary>
    public string Format(decimal? value) => value is not { } v ? "n/a" : Unit switch
    {
        MetricUnit.Count => decimal.Round(v, 1, MidpointRounding.AwayFromZero).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture),
        MetricUnit.Caseload => decimal.Round(v, 1, MidpointRounding.AwayFromZero).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
        _ => decimal.Round(v, 1, MidpointRounding.AwayFromZero).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%",
    };
}
