using NodaTime;

namespace Caseload.Reporting.Census;

/// <summary>Where a record of the workforce census stands on its reference date (census spec).</summary>
public enum CensusStanding
{
    /// <summary>Employed (not agency) and not ended on or before the reference date.</summary>
    InPost,

    /// <summary>An agency worker.</summary>
    Agency,

    /// <summary>Employed, and their role ended in the year up to the reference date (1 October to 30 September).</summary>
    Leaver,

    /// <summary>Employed, and their role ended before the year: not counted.</summary>
    EndedBefore,
}

/// <summary>
/// One <c>CSWWWorker</c> of a return: the items the check compares and counts, never the personal ones (dates of
/// birth, gender, ethnicity, qualifications), which are read past and not kept.
/// </summary>
/// <param name="Line">The line its record starts on.</param>
/// <param name="SweNumber">Its <c>SWENo</c>; empty when missing or unreadable.</param>
/// <param name="Agency"><c>AgencyWorker</c> 1.</param>
/// <param name="Fte"><c>FTE</c>: an agency worker's and a leaver's FTE.</param>
/// <param name="Fte30"><c>FTE30</c>: an in-post worker's FTE on the reference date.</param>
/// <param name="OrgRole"><c>OrgRole</c>, 1 to 6.</param>
/// <param name="RoleEndDate"><c>RoleEndDate</c>.</param>
/// <param name="Cases30"><c>Cases30</c>: the cases they held on the reference date.</param>
/// <param name="WorkingDaysLost"><c>WorkingDaysLost</c> to sickness in the year.</param>
/// <param name="AbsentOnCensusDay"><c>Absat30Sept</c> 1; null when not given.</param>
/// <param name="Asye"><c>CFKSSstatus</c> 1: in their Assessed and Supported Year in Employment.</param>
/// <param name="Given">Which of the items that come in sets (start, leaving) the record gives.</param>
public sealed record CensusWorker(
    int Line,
    string SweNumber,
    bool Agency,
    decimal? Fte,
    decimal? Fte30,
    int? OrgRole,
    LocalDate? RoleEndDate,
    int? Cases30,
    decimal? WorkingDaysLost,
    bool? AbsentOnCensusDay,
    bool Asye,
    CensusItems Given)
{
    /// <summary>Where the record stands on <paramref name="reference"/> (census spec's "who is who").</summary>
    public CensusStanding StandingOn(LocalDate reference) =>
        Agency ? CensusStanding.Agency
        : RoleEndDate is not { } ended || ended > reference ? CensusStanding.InPost
        : ended > CensusYear.Start(reference).PlusDays(-1) ? CensusStanding.Leaver
        : CensusStanding.EndedBefore;

    /// <summary>The FTE DfE counts them at: an in-post worker's <c>FTE30</c>, anyone else's <c>FTE</c>.</summary>
    public decimal? CountedFte(LocalDate reference) => StandingOn(reference) == CensusStanding.InPost ? Fte30 : Fte;
}

/// <summary>Which optional items a record gives, where COLLECT wants them together.</summary>
[Flags]
public enum CensusItems
{
    /// <summary>None of them.</summary>
    None = 0,

    /// <summary><c>RoleStartDate</c>.</summary>
    RoleStartDate = 1,

    /// <summary><c>StartOrigin</c>.</summary>
    StartOrigin = 2,

    /// <summary><c>RoleEndDate</c>.</summary>
    RoleEndDate = 4,

    /// <summary><c>ReasonLeave</c>.</summary>
    ReasonLeave = 8,

    /// <summary><c>LeaverDestination</c>.</summary>
    LeaverDestination = 16,
}

/// <summary>The census year: 1 October to the reference date (30 September).</summary>
public static class CensusYear
{
    /// <summary>The first day of the year ending on <paramref name="reference"/>.</summary>
    public static LocalDate Start(LocalDate reference) => reference.PlusYears(-1).PlusDays(1);
}

/// <summary>The return's header and its council-level vacancies.</summary>
/// <param name="Council">The council's three-digit code (<c>Source/LEA</c>); null when missing.</param>
/// <param name="Year">The collection's year (<c>CollectionDetails/Year</c>).</param>
/// <param name="ReferenceDate">The census day (<c>ReferenceDate</c>); 30 September of the year when missing; null when neither reads.</param>
/// <param name="Vacancies"><c>NumberOfVacancies</c> (FTE).</param>
/// <param name="AgencyFte"><c>NoAgencyFTE</c>.</param>
/// <param name="AgencyHeadcount"><c>NoAgencyHeadcount</c>.</param>
public sealed record CensusHeader(string? Council, int? Year, LocalDate? ReferenceDate, decimal? Vacancies, decimal? AgencyFte, decimal? AgencyHeadcount);

/// <summary>A return as read: its header, every worker's record, and what is wrong with it.</summary>
/// <param name="File">The file's name, for problems.</param>
/// <param name="Header">The header and vacancies.</param>
/// <param name="Workers">The records, in the file's order.</param>
/// <param name="Problems">What COLLECT would refuse, each at its line and element; a run of one kind is one problem.</param>
/// <param name="ReadToEnd">The file was XML to its end: without it, its records are only those before it stopped, and nothing is counted or compared.</param>
public sealed record CensusReturn(string File, CensusHeader Header, IReadOnlyList<CensusWorker> Workers, IReadOnlyList<Problem> Problems, bool ReadToEnd)
{
    /// <summary>The census day, when the file was read to its end and says it: only then are its records counted and compared.</summary>
    public LocalDate? Countable => ReadToEnd ? Header.ReferenceDate : null;

    /// <summary>The records standing so on the census day <paramref name="reference"/>.</summary>
    public IEnumerable<CensusWorker> Standing(CensusStanding standing, LocalDate reference) => Workers.Where(w => w.StandingOn(reference) == standing);
}
