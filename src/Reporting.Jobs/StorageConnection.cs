using Caseload.Reporting.Storage;

namespace Caseload.Reporting.Jobs;

/// <summary>
/// The product's stores, over storage connected on first use and kept (connecting makes sure every table and container exists:
/// a dozen calls a process, not an invocation). A failed connection is not kept: the next use tries again, no sooner
/// than a backoff that doubles from one second to <see cref="LongestBackoff"/>, so that storage or an identity that
/// blipped while an instance started costs minutes at most, not the instance's life; within the backoff a use fails
/// at once with the last failure.
/// </summary>
/// <param name="connect">Connects to the storage: the configured account (<see cref="ReportingStorage.ConnectAsync"/>), or one in memory.</param>
/// <param name="time">The clock of the backoff and of the stores.</param>
public sealed class StorageConnection(Func<CancellationToken, Task<ReportingStorage>> connect, TimeProvider time)
{
    /// <summary>
    /// Whether the settings name a storage at all (<c>Reporting:Storage</c>). The region's alliance runs the command
    /// line with the drop and no storage of its own: what needs none (DfE's figures in use are the product's own copy
    /// then) works without one.
    /// </summary>
    public bool Configured { get; init; } = true;

    /// <summary>The longest wait between two attempts to connect.</summary>
    public static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(10);

    private readonly Lock gate = new();
    private Task<ReportingStores>? attempt;
    private int failures;
    private DateTimeOffset nextAttempt;

    /// <summary>The stores, their storage connected.</summary>
    /// <exception cref="StorageSettingException">Reporting:Storage is not set or is malformed.</exception>
    /// <exception cref="StorageUnavailableException">Storage could not be reached (now, or at the last attempt within the backoff).</exception>
    public Task<ReportingStores> GetAsync(CancellationToken cancellationToken = default)
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

    private async Task<ReportingStores> ConnectAsync()
    {
        try
        {
            // Not the caller's token: the attempt is shared by every caller, and one giving up must not fail the rest.
            var storage = await connect(CancellationToken.None).ConfigureAwait(false);
            lock (gate)
            {
                failures = 0;
            }

            return new ReportingStores(storage, time);
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
