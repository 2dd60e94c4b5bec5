using Caseload.Reporting.Improvement;
using Caseload.Reporting.Storage.Documents;

namespace Caseload.Reporting.Storage.Improvement;

/// <summary>Keeps every improvement plan version ever set, and which is current. There is no built-in plan.</summary>
public sealed class PlanStore(ReportingStorage tables, TimeProvider time)
{
    private readonly DocumentVersions versions = new((tables ?? throw new ArgumentNullException(nameof(tables))).Plans, "plan");

    /// <summary>The current plan, or null until one is set.</summary>
    public async Task<StoredPlan?> CurrentAsync(CancellationToken cancellationToken = default) =>
        await versions.CurrentAsync(cancellationToken).ConfigureAwait(false) is { } current
            ? new StoredPlan(PlanDocument.Parse(current.Document), current.Document, current.SetAt)
            : null;

    /// <summary>Stores a plan document (if its version is new) and makes it current.</summary>
    /// <exception cref="InvalidInputException">The document is not a valid plan.</exception>
    /// <exception cref="InvalidOperationException">Its version is stored already with a different document.</exception>
    public async Task<StoredPlan> SetAsync(string document, CancellationToken cancellationToken = default)
    {
        var plan = PlanDocument.Parse(document);
        var now = time.GetUtcNow();
        await versions.SetAsync(plan.Version, document, now, cancellationToken).ConfigureAwait(false);
        return new StoredPlan(plan, document, now);
    }
}
