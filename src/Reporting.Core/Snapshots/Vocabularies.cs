namespace Caseload.Reporting.Snapshots;

/// <summary>The team types a council's teams are classed by (snapshot spec, teams.csv).</summary>
public enum TeamType
{
    Assessment,
    CinCp,
    Adolescent,
    ChildrenInCare,
    CareLeavers,
    DisabledChildren,
    FrontDoor,
    Other,
}

/// <summary>A worker's role (snapshot spec, workers.csv).</summary>
public enum Role
{
    SocialWorker,
    SeniorPractitioner,
    AdvancedPractitioner,
    PracticeManager,
    TeamManager,
    FamilyWorker,
    Student,
    Other,
}

/// <summary>The kind of case a child is open as (snapshot spec, allocations.csv).</summary>
public enum CaseType : byte
{
    Assessment,
    Cin,
    Cp,
    Cla,
    CareLeaver,
    EarlyHelp,
    Other,
}
