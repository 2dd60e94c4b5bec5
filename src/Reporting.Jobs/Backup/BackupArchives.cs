using Caseload.Reporting.Backup;
using Caseload.Reporting.Storage.Backup;
using Caseload.Reporting.Storage.Places;
using NodaTime;

namespace Caseload.Reporting.Jobs.Backup;

/// <summary>The backup target the settings name (<c>Reporting:Backup:Target</c>), or one a person gives.</summary>
public sealed class BackupArchives(BackupOptions options, TimeProvider time)
{
    /// <summary>The setting's name, for messages.</summary>
    public const string Setting = "Reporting:Backup:Target";

    /// <summary>Whether the settings name a target.</summary>
    public bool Configured => !string.IsNullOrWhiteSpace(options.Target);

    /// <summary>The archive at <paramref name="target"/>, or at the configured target when none is given.</summary>
    /// <exception cref="Storage.StorageSettingException">Neither is set.</exception>
    public BackupArchive Open(string? target) =>
        new(Place.Open(target ?? options.Target, target is null ? Setting : "the backup target given"));

    /// <summary>
    /// Does an erasure of staff data between two records at the configured target (started, then done), so that a
    /// restore of a point taken before it does it again; without a target, only does it. The record is written
    /// first: if the target cannot be reached, nothing is erased and the failure says so.
    /// </summary>
    /// <param name="kind">What is erased.</param>
    /// <param name="worker">For a worker: their pseudonym id under <paramref name="key"/>.</param>
    /// <param name="key">For a worker: the council's pseudonym key, kept at the target as an object so that the pseudonym can be matched after a restore.</param>
    /// <param name="keptFrom">For staff retention: the first day kept as it was.</param>
    /// <param name="erase">The erasure.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public async Task<T> RecordingAsync<T>(ErasureKind kind, string? worker, byte[]? key, LocalDate? keptFrom, Func<Task<T>> erase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(erase);
        if (!Configured)
        {
            return await erase().ConfigureAwait(false);
        }

        var archive = Open(null);
        string? keyObject = null;
        if (key is not null)
        {
            using var buffer = new ObjectStream();
            buffer.Write(key);
            var value = buffer.Seal();
            await using (var content = buffer.OpenRead())
            {
                await archive.AddObjectAsync(value, content, cancellationToken).ConfigureAwait(false);
            }

            keyObject = value.Sha256;
        }

        var id = ErasureLog.NewId();
        await archive.AddErasureAsync(new ErasureRecord(id, kind, time.GetUtcNow(), Done: false, worker, keyObject, keptFrom), cancellationToken).ConfigureAwait(false);
        var erased = await erase().ConfigureAwait(false);
        await archive.AddErasureAsync(new ErasureRecord(id, kind, time.GetUtcNow(), Done: true, worker, keyObject, keptFrom), cancellationToken).ConfigureAwait(false);
        return erased;
    }
}
