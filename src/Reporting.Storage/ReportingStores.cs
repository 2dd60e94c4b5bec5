using Caseload.Reporting.Storage.Actions;
using Caseload.Reporting.Storage.Benchmarks;
using Caseload.Reporting.Storage.Evaluations;
using Caseload.Reporting.Storage.Improvement;
using Caseload.Reporting.Storage.Notifications;
using Caseload.Reporting.Storage.Poison;
using Caseload.Reporting.Storage.Policies;
using Caseload.Reporting.Storage.Runs;
using Caseload.Reporting.Storage.Snapshots;
using Caseload.Reporting.Storage.Sources;
using Caseload.Reporting.Storage.Staff;

namespace Caseload.Reporting.Storage;

/// <summary>
/// The product's stores over one storage, each made once: what the jobs are given. The storage behind them is the
/// composition root's choice — the configured account, or (in tests of a job's rules) one held in memory.
/// </summary>
public sealed class ReportingStores(ReportingStorage storage, TimeProvider time)
{
    /// <summary>The tables and container the stores keep their rows and bytes in.</summary>
    public ReportingStorage Storage { get; } = storage ?? throw new ArgumentNullException(nameof(storage));

    /// <summary>Snapshots, their files, caseloads and allocation history.</summary>
    public SnapshotStore Snapshots { get; } = new(storage, time);

    /// <summary>The caseload policy's versions.</summary>
    public PolicyStore Policies { get; } = new(storage, time);

    /// <summary>The improvement plan's versions.</summary>
    public PlanStore Plans { get; } = new(storage, time);

    /// <summary>The sources list's versions.</summary>
    public SourceStore Sources { get; } = new(storage, time);

    /// <summary>Each week's evaluation.</summary>
    public EvaluationStore Evaluations { get; } = new(storage);

    /// <summary>Each month's improvement measures.</summary>
    public ImprovementStore Improvement { get; } = new(storage);

    /// <summary>The delivery ledger: every prepared notification and where it stands.</summary>
    public NotificationLedger Ledger { get; } = new(storage);

    /// <summary>Prepared messages' bytes.</summary>
    public PreparedNotifications Prepared { get; } = new(storage);

    /// <summary>Messages that can never succeed, and why.</summary>
    public PoisonMessages Poison { get; } = new(storage, time);

    /// <summary>What was pulled from each source.</summary>
    public PullLog Pulls { get; } = new(storage);

    /// <summary>Each period's preparation and who holds it.</summary>
    public PeriodRuns Runs { get; } = new(storage, time);

    /// <summary>What team managers recorded about breaches.</summary>
    public ActionStore Actions { get; } = new(storage);

    /// <summary>Breach links withdrawn before they expire.</summary>
    public LinkWithdrawals Withdrawals { get; } = new(storage);

    /// <summary>The versions of DfE's published figures set.</summary>
    public BenchmarkStore Benchmarks { get; } = new(storage, time);

    /// <summary>The council's key for staff pseudonyms.</summary>
    public PseudonymKey PseudonymKey { get; } = new(storage);
}
