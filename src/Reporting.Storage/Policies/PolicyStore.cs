using Caseload.Reporting.Policies;
using Caseload.Reporting.Storage.Documents;

namespace Caseload.Reporting.Storage.Policies;

/// <summary>Keeps every policy version ever set, and which is current; the built-in defaults until one is set.</summary>
public sealed class PolicyStore(ReportingStorage tables, TimeProvider time)
{
    private readonly DocumentVersions versions = new((tables ?? throw new ArgumentNullException(nameof(tables))).Policies, "policy");

    /// <summary>The current policy; the built-in defaults until one is set.</summary>
    public async Task<StoredPolicy> CurrentAsync(CancellationToken cancellationToken = default) =>
        await versions.CurrentAsync(cancellationToken).ConfigureAwait(false) is { } current
            ? new StoredPolicy(PolicyDocument.Parse(current.Document), current.Document, current.SetAt)
            : new StoredPolicy(Policy.Default, null, null);

    /// <summary>A policy by version: a stored one, or the built-in defaults by their version; null when neither.</summary>
    public async Task<Policy?> GetAsync(string version, CancellationToken cancellationToken = default) =>
        await versions.GetAsync(version, cancellationToken).ConfigureAwait(false) is { } document ? PolicyDocument.Parse(document)
            : version == Policy.Default.Version ? Policy.Default
            : null;

    /// <summary>Stores a policy document (if its version is new) and makes it current.</summary>
    /// <exception cref="InvalidInputException">The document is not a valid policy.</exception>
    /// <exception cref="InvalidOperationException">Its version is stored already with a different document.</exception>
    public async Task<StoredPolicy> SetAsync(string document, CancellationToken cancellationToken = default)
    {
        var policy = PolicyDocument.Parse(document);
        var now = time.GetUtcNow();
        await versions.SetAsync(policy.Version, document, now, cancellationToken).ConfigureAwait(false);
        return new StoredPolicy(policy, document, now);
    }
}
