using Caseload.Reporting.Ingest.Canonical;

namespace Caseload.Reporting.Ingest.Ssd;

/// <summary>The council's own codes for reading its SSD tables (snapshot.json's <c>ssd</c> section).</summary>
/// <param name="AllocatedRoles">The involvement roles that are an allocation, compared ignoring case and surrounding spaces.</param>
/// <param name="ProceedingsStatuses">The legal statuses that mean care proceedings are under way.</param>
public sealed record SsdCodes(IReadOnlyList<string> AllocatedRoles, IReadOnlyList<string> ProceedingsStatuses)
{
    /// <summary>The SSD spec's defaults: the case worker roles, and C1 (the interim care order).</summary>
    public static SsdCodes Default { get; } = new(["CW", "ALLOCATED CASE WORKER"], ["C1"]);
}

/// <summary>One SSD table as read: its file, and the columns read from it (ssd spec, "The folder").</summary>
/// <param name="File">The file, e.g. <c>ssd_involvements.csv</c>.</param>
/// <param name="Required">Whether a snapshot is invalid without it.</param>
/// <param name="Columns">The columns read; a table present without a required column is invalid.</param>
internal sealed record SsdTable(string File, bool Required, CsvColumn[] Columns);

/// <summary>The SSD tables the snapshot is derived from, in the order they are read: every table a child's case is made of, then the involvements that allocate it.</summary>
internal static class SsdTables
{
    public static readonly SsdTable Episodes = new("ssd_cin_episodes.csv", true,
        [new("cine_referral_id", true), new("cine_person_id", true), new("cine_referral_date", true), new("cine_close_date", true), new("cine_referral_team", true)]);

    public static readonly SsdTable Assessments = new("ssd_cin_assessments.csv", false,
        [new("cina_person_id", true), new("cina_assessment_start_date", true), new("cina_assessment_auth_date", true)]);

    public static readonly SsdTable CinPlans = new("ssd_cin_plans.csv", false,
        [new("cinp_person_id", true), new("cinp_cin_plan_start_date", true), new("cinp_cin_plan_end_date", true)]);

    public static readonly SsdTable CpPlans = new("ssd_cp_plans.csv", false,
        [new("cppl_person_id", true), new("cppl_cp_plan_start_date", true), new("cppl_cp_plan_end_date", true)]);

    public static readonly SsdTable ClaEpisodes = new("ssd_cla_episodes.csv", false,
        [new("clae_person_id", true), new("clae_cla_episode_start_date", true), new("clae_cla_episode_ceased_date", true)]);

    public static readonly SsdTable CareLeavers = new("ssd_care_leavers.csv", false,
        [new("clea_person_id", true), new("clea_care_leaver_eligibility", true)]);

    public static readonly SsdTable EarlyHelp = new("ssd_early_help_episodes.csv", false,
        [new("earl_person_id", true), new("earl_episode_start_date", true), new("earl_episode_end_date", true)]);

    public static readonly SsdTable CinVisits = new("ssd_cin_visits.csv", false, [new("cinv_person_id", true), new("cinv_cin_visit_date", true)]);

    public static readonly SsdTable CpVisits = new("ssd_cp_visits.csv", false, [new("cppv_person_id", true), new("cppv_cp_visit_date", true)]);

    public static readonly SsdTable ClaVisits = new("ssd_cla_visits.csv", false, [new("clav_person_id", true), new("clav_cla_visit_date", true)]);

    public static readonly SsdTable LegalStatus = new("ssd_legal_status.csv", false,
        [new("lega_person_id", true), new("lega_legal_status", true), new("lega_legal_status_start_date", true), new("lega_legal_status_end_date", true)]);

    public static readonly SsdTable Involvements = new("ssd_involvements.csv", true,
        [new("invo_involvements_id", true), new("invo_professional_id", true), new("invo_professional_role_id", true), new("invo_person_id", true),
         new("invo_involvement_start_date", true), new("invo_involvement_end_date", true)]);

    /// <summary>Every SSD table's file: what a folder, a blob drop or a zip may hold and what is stored as received.</summary>
    public static readonly string[] Files =
        [.. new[] { Episodes, Assessments, CinPlans, CpPlans, ClaEpisodes, CareLeavers, EarlyHelp, CinVisits, CpVisits, ClaVisits, LegalStatus, Involvements }.Select(t => t.File)];
}
