using Caseload.Reporting.Storage.Poison;

namespace Caseload.Reporting.Jobs.Queues;

/// <summary>Queue messages that can never succeed, recorded with why, so that a message is completed rather than redelivered in vain.</summary>
public sealed class PoisonLog(StorageConnection connection)
{
    /// <summary>Records a message of a function as poison.</summary>
    public async Task RecordAsync(string function, string? messageId, string reason, string? body, CancellationToken cancellationToken = default)
    {
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        await stores.Poison.RecordAsync(function, messageId, reason, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The messages of a function recorded as poison.</summary>
    public async Task<IReadOnlyList<(string? MessageId, string Reason)>> ListAsync(string function, CancellationToken cancellationToken = default)
    {
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        return await stores.Poison.ListAsync(function, cancellationToken).ConfigureAwait(false);
    }
}
