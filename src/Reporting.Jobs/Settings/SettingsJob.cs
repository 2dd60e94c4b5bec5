using Caseload.Reporting.Improvement;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Sources;
using Caseload.Reporting.Storage.Improvement;
using Caseload.Reporting.Storage.Policies;
using Caseload.Reporting.Storage.Sources;

namespace Caseload.Reporting.Jobs.Settings;

/// <summary>
/// The council's documents, versioned in storage: the caseload policy, the improvement plan and the list of
/// sources. Setting one stores it (if its version is new) and makes it current; every use records the version.
/// </summary>
public sealed class SettingsJob(StorageConnection connection)
{
    /// <summary>The current policy; the built-in defaults until one is set.</summary>
    public async Task<StoredPolicy> PolicyAsync(CancellationToken cancellationToken = default) =>
        await (await connection.GetAsync(cancellationToken).ConfigureAwait(false)).Policies.CurrentAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Sets the policy.</summary>
    /// <exception cref="InvalidInputException">The document is not a valid policy.</exception>
    /// <exception cref="InvalidOperationException">Its version is stored already with a different document.</exception>
    public async Task<StoredPolicy> SetPolicyAsync(string document, CancellationToken cancellationToken = default) =>
        await (await connection.GetAsync(cancellationToken).ConfigureAwait(false)).Policies.SetAsync(document, cancellationToken).ConfigureAwait(false);

    /// <summary>The current plan, or null until one is set.</summary>
    public async Task<StoredPlan?> PlanAsync(CancellationToken cancellationToken = default) =>
        await (await connection.GetAsync(cancellationToken).ConfigureAwait(false)).Plans.CurrentAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Sets the plan.</summary>
    /// <exception cref="InvalidInputException">The document is not a valid plan.</exception>
    /// <exception cref="InvalidOperationException">Its version is stored already with a different document.</exception>
    public async Task<StoredPlan> SetPlanAsync(string document, CancellationToken cancellationToken = default) =>
        await (await connection.GetAsync(cancellationToken).ConfigureAwait(false)).Plans.SetAsync(document, cancellationToken).ConfigureAwait(false);

    /// <summary>The current sources, or null until they are set.</summary>
    public async Task<StoredSources?> SourcesAsync(CancellationToken cancellationToken = default) =>
        await (await connection.GetAsync(cancellationToken).ConfigureAwait(false)).Sources.CurrentAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Sets the sources.</summary>
    /// <exception cref="InvalidInputException">The document is not a valid source list.</exception>
    /// <exception cref="InvalidOperationException">Its version is stored already with a different document.</exception>
    public async Task<StoredSources> SetSourcesAsync(string document, CancellationToken cancellationToken = default) =>
        await (await connection.GetAsync(cancellationToken).ConfigureAwait(false)).Sources.SetAsync(document, cancellationToken).ConfigureAwait(false);
}
