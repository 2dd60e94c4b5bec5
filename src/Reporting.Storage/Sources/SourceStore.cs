using Caseload.Reporting.Sources;
using Caseload.Reporting.Storage.Documents;

namespace Caseload.Reporting.Storage.Sources;

/// <summary>Keeps every sources.json version ever set, and which is current.</summary>
public sealed class SourceStore(ReportingStorage tables, TimeProvider time)
{
    private readonly DocumentVersions versions = new((tables ?? throw new ArgumentNullException(nameof(tables))).Sources, "sources");

    /// <summary>The current source list, or null until one is set.</summary>
    public async Task<StoredSources?> CurrentAsync(CancellationToken cancellationToken = default) =>
        await versions.CurrentAsync(cancellationToken).ConfigureAwait(false) is { } current
            ? new StoredSources(SourceDocument.Parse(current.Document), current.Document, current.SetAt)
            : null;

    /// <summary>Stores a sources document (if its version is new) and makes it current.</summary>
    /// <exception cref="InvalidInputException">The document is not a valid source list.</exception>
    /// <exception cref="InvalidOperationException">Its version is stored already with a different document.</exception>
    public async Task<StoredSources> SetAsync(string document, CancellationToken cancellationToken = default)
    {
        var list = SourceDocument.Parse(document);
        var now = time.GetUtcNow();
        await versions.SetAsync(list.Version, document, now, cancellationToken).ConfigureAwait(false);
        return new StoredSources(list, document, now);
    }
}
