using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Workforce;

/// <summary>What a worker is to DfE's workforce census (benchmarks spec).</summary>
public enum StaffKind
{
    /// <summary>A children and family social worker in post: not agency.</summary>
    InPost,

    /// <summary>A children and family social worker from an agency.</summary>
    Agency,

    /// <summary>Not a children and family social worker: a family worker, a student, another role.</summary>
    Other,
}

/// <summary>A worker on a snapshot's roster, as turnover reads it: no name or address, only what leaving is counted by.</summary>
/// <param name="Id">Their worker id.</param>
/// <param name="TeamId">Their team.</param>
/// <param name="Fte">Their FTE.</param>
/// <param name="Kind">In post, agency or neither.</param>
public sealed record RosterEntry(string Id, string TeamId, decimal Fte, StaffKind Kind);

/// <summary>A snapshot's roster as turnover reads it, kept with the snapshot so that a year of rosters is read without a year of caseloads.</summary>
/// <param name="Workers">Every worker on the roster.</param>
public sealed record StaffRoster(IReadOnlyList<RosterEntry> Workers)
{
    /// <summary>The roles the census counts as children and family social workers.</summary>
    private static readonly HashSet<Role> SocialWorkRoles = [Role.SocialWorker, Role.SeniorPractitioner, Role.AdvancedPractitioner, Role.PracticeManager, Role.TeamManager];

    /// <summary>What a worker is to the census.</summary>
    public static StaffKind KindOf(Worker worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return !SocialWorkRoles.Contains(worker.Role) ? StaffKind.Other : worker.Agency ? StaffKind.Agency : StaffKind.InPost;
    }

    /// <summary>A roster of workers.</summary>
    public static StaffRoster Of(IEnumerable<Worker> workers) =>
        new([.. (workers ?? throw new ArgumentNullException(nameof(workers))).Select(w => new RosterEntry(w.Id, w.TeamId, w.Fte, KindOf(w)))]);
}
