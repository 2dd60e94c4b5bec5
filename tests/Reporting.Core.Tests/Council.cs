using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>A small council written the way a test reads: teams, workers and the cases they hold.</summary>
internal sealed class Council
{
    private readonly SnapshotBuilder builder = new();

    public Council Team(string id, TeamType type = TeamType.CinCp, string? service = null, decimal? establishment = null)
    {
        Assert.Equal(TeamOutcome.Added, builder.AddTeam(new Team(id, $"Team {id}", type, null, service, null, establishment)));
        return this;
    }

    public Council Worker(string id, string team = "T1", Role role = Role.SocialWorker, decimal fte = 1m, bool asye = false, bool agency = false, Absence? absence = null, string? swe = null)
    {
        Assert.Equal(WorkerOutcome.Added, builder.AddWorker(new Worker(id, $"Worker {id}", $"{id}@council.example", team, role, fte, asye, agency, absence) { SweNumber = swe }));
        return this;
    }

    public Council Case(
        string child, string? worker, string? team = null, CaseType type = CaseType.Cin, string? family = null, bool inProceedings = false,
        LocalDate? allocatedOn = null, LocalDate? planStart = null, LocalDate? lastVisit = null)
    {
        builder.AddAllocation(new AllocationRow(child, family, worker, team, type, inProceedings, allocatedOn, planStart, lastVisit));
        return this;
    }

    public Council Cases(int count, string worker, CaseType type = CaseType.Cin, string prefix = "C")
    {
        for (var i = 0; i < count; i++)
        {
            Case($"{prefix}{worker}-{i}", worker, type: type);
        }

        return this;
    }

    public Snapshot Snapshot(LocalDate? asOf = null) => builder.Build(asOf ?? new LocalDate(2026, 11, 16), "test");

    public CaseloadEvaluation Evaluate(Policy? policy = null, CaseloadEvaluation? previous = null) =>
        CaseloadEvaluation.Evaluate(CaseloadSummary.Of(Snapshot()), policy ?? Policy.Default, previous);

    /// <summary>A team T1 with one worker W1 holding <paramref name="cases"/> children.</summary>
    public static Council OneWorker(int cases, Role role = Role.SocialWorker, decimal fte = 1m, bool asye = false, TeamType type = TeamType.CinCp) =>
        new Council().Team("T1", type).Worker("W1", role: role, fte: fte, asye: asye).Cases(cases, "W1");
}

internal static class EvaluationExtensions
{
    public static WorkerCaseload Worker(this CaseloadEvaluation evaluation, string id) => evaluation.Workers.Single(w => w.WorkerId == id);

    public static TeamCaseload Team(this CaseloadEvaluation evaluation, string id) => evaluation.Teams.Single(t => t.TeamId == id);
}
