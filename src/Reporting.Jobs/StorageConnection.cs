using Caseload.Reporting.Storage;

namespace Caseload.Reporting.Jobs;

/// <summary>
/// The product's storage, connected on first use and kept (connecting makes sure every table and container exists:
/// a dozen calls a process, not an invocation). A failed connection is not kept: the next use tries again, no sooner
/// than a backoff that doubles from one second to <see cref="LongestBackoff"/>, so that storage or an identity that
/// blipped while an instance started costs minutes at most, not the instance's life; within the backoff a use fails
/// at once with the last failure.
/// </summary>
public sealed class StorageConnection(ReportingStorageOptions options, TimeProvider time)
{
    /// <summary>The longest wait between two attempts to connect.</summary>
    public static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(10);

    private readonly Lock gate = new();
    private Task<ReportingStorage>? attempt;
    private int failures;
    private DateTimeOffset nextAttempt;

    /// <summary>The storage, connected.</summary>
    /// <exception cref="StorageSettingException">Reporting:Storage is not set or is malformed.</exception>
    /// <exception cref="StorageUnavailableException">Storage could not be reached (now, or at the last attempt within the backoff).</exception>
    public Task<ReportingStorage> GetAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (attempt is null || (attempt.IsFaulted && time.GetUtcNow() >= nextAttempt))
            {
                attempt = ConnectAsync();
            }

            return attempt.WaitAsync(cancellationToken);
        }
    }

    private async Task<ReportingStorage> ConnectAsync()
    {
        try
        {
            // Not the caller's token: the attempt is shared by every caller, and one giving up must not fail the rest.
            var storage = await ReportingStorage.ConnectAsync(options, CancellationToken.None).ConfigureAwait(false);
            lock (gate)
            {
                failures = 0;
            }

            return storage;
        }
        catch
        {
            lock (gate)
            {
                failures++;
                var backoff = TimeSpan.FromSeconds(Math.Min(LongestBackoff.TotalSeconds, Math.Pow(2, failures - 1)));
                nextAttempt = time.GetUtcNow() + backoff;
            }

            throw;
        }
    }
}
