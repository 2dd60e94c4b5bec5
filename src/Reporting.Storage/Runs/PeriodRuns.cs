using Azure;
using Azure.Data.Tables;
using Caseload.Reporting.Calendar;

namespace Caseload.Reporting.Storage.Runs;

/// <summary>What a run asking for a period's work got.</summary>
public enum RunClaimOutcome
{
    /// <summary>The work is this run's to do.</summary>
    Claimed,

    /// <summary>The work was done before; it stands.</summary>
    Done,

    /// <summary>Another run holds it now and its lease is live.</summary>
    Busy,
}

/// <summary>A run's hold on a period's work, proven by the holder's name in its row.</summary>
/// <param name="Period">The period.</param>
/// <param name="Work">The work held, e.g. <c>weekly</c>.</param>
/// <param name="Holder">The run's name, written in the row when it claimed.</param>
/// <param name="ClaimedAt">When the run claimed it: what it reads of the period's inputs (actions recorded) is what was there then.</param>
public sealed record RunClaim(ReportingPeriod Period, string Work, string Holder, DateTimeOffset ClaimedAt);

/// <summary>
/// Who is preparing which period: one row per period and kind of work, claimed by one run at a time, marked done
/// when the work is whole. A run renews its claim every <see cref="Renewal"/> while it works and gives it back if
/// the work fails; a claim not renewed within <see cref="Lease"/> (a run that died) may be taken over. The work is
/// written so that doing it again over a partial attempt comes to the same result.
/// </summary>
public sealed class PeriodRuns(ReportingStorage storage, TimeProvider time)
{
    /// <summary>How long a claim stands without being renewed: a run that died holds its period no longer.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>How often a working run renews its claim.</summary>
    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(30);

    private const string Running = "running";
    private const string Done = "done";

    /// <summary>
    /// Claims a period's work unless it is done or another run holds it. When busy, the claim returned is the other
    /// run's, so that a person can be told since when it has been working.
    /// </summary>
    public async Task<(RunClaimOutcome Outcome, RunClaim? Claim)> ClaimAsync(ReportingPeriod period, string work, CancellationToken cancellationToken = default)
    {
        // Each claim is named, so that a claim whose answer was lost (and whose retry met itself) is known as this run's own.
        var holder = Guid.NewGuid().ToString("N");
        var now = time.GetUtcNow();
        var row = new TableEntity(period.ToString(), work) { ["Status"] = Running, ["ClaimedAt"] = now, ["RenewedAt"] = now, ["Holder"] = holder };
        var mine = new RunClaim(period, work, holder, now);
        try
        {
            await storage.Runs.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            return (RunClaimOutcome.Claimed, mine);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }

        var existing = (await storage.Runs.GetEntityAsync<TableEntity>(row.PartitionKey, work, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        if (existing.GetString("Status") == Done)
        {
            return (RunClaimOutcome.Done, null);
        }

        if (existing.GetString("Holder") == holder)
        {
            return (RunClaimOutcome.Claimed, mine);
        }

        var other = new RunClaim(period, work, existing.GetString("Holder") ?? "", existing.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue);
        if ((existing.GetDateTimeOffset("RenewedAt") ?? other.ClaimedAt) + Lease > now)
        {
            return (RunClaimOutcome.Busy, other);
        }

        try
        {
            await storage.Runs.UpdateEntityAsync(row, existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return (RunClaimOutcome.Claimed, mine);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return (RunClaimOutcome.Busy, other);
        }
    }

    /// <summary>
    /// Does the claimed work, renewing the claim every <see cref="Renewal"/> while it runs. Work that fails gives the
    /// claim back before its failure goes on, so that the next run (the delivery sweep's, a person's) may start at
    /// once; if even that cannot reach storage, the claim lapses after <see cref="Lease"/>.
    /// </summary>
    public async Task<T> WorkAsync<T>(RunClaim claim, Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(work);
        using var renewing = time.CreateTimer(_ => _ = RenewAsync(claim), null, Renewal, Renewal);
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch
        {
            await GiveBackAsync(claim).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>When the latest run of a period's work claimed it, running or done; null when none has.</summary>
    public async Task<DateTimeOffset?> ClaimedAtAsync(ReportingPeriod period, string work, CancellationToken cancellationToken = default)
    {
        var row = await storage.Runs.GetEntityIfExistsAsync<TableEntity>(period.ToString(), work, ["ClaimedAt"], cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value!.GetDateTimeOffset("ClaimedAt") : null;
    }

    /// <summary>
    /// The runs working now (claims renewed within <see cref="Lease"/>), and a version of the whole table that changes
    /// whenever any run claims, renews, gives back or finishes: a backup that finds it changed saw part of a run.
    /// </summary>
    public async Task<(IReadOnlyList<RunClaim> Working, string Version)> WorkingAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var working = new List<RunClaim>();
        var version = new System.Text.StringBuilder();
        await foreach (var row in storage.Runs.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            version.Append(row.PartitionKey).Append('|').Append(row.RowKey).Append('|').Append(row.ETag).Append('\n');
            var claimedAt = row.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue;
            if (row.GetString("Status") == Running && (row.GetDateTimeOffset("RenewedAt") ?? claimedAt) + Lease > now && ReportingPeriod.TryParse(row.PartitionKey, out var period))
            {
                working.Add(new RunClaim(period, row.RowKey, row.GetString("Holder") ?? "", claimedAt));
            }
        }

        return (working, version.ToString());
    }

    /// <summary>Marks the claimed work done; from now on a claim of it answers <see cref="RunClaimOutcome.Done"/>.</summary>
    /// <exception cref="InvalidOperationException">The claim lapsed and another run holds the work.</exception>
    public async Task CompleteAsync(RunClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var done = new TableEntity(claim.Period.ToString(), claim.Work) { ["Status"] = Done, ["DoneAt"] = time.GetUtcNow() };
        while (true)
        {
            var (row, etag) = await MineAsync(claim, cancellationToken).ConfigureAwait(false);
            if (row?.GetString("Status") == Done)
            {
                return;
            }

            if (etag is null)
            {
                throw new InvalidOperationException($"The claim on {claim.Period} lapsed and another run holds it; this run's work was not marked done.");
            }

            try
            {
                await storage.Runs.UpdateEntityAsync(done, etag.Value, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // The row changed between the read and the write: this run's own renewal, or a run that took over a
                // lapsed claim. Read it again and decide.
            }
        }
    }

    /// <summary>Gives a claim back without doing the work (there was nothing to do), so that a later run may.</summary>
    public async Task ReleaseAsync(RunClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        while (true)
        {
            var (row, etag) = await MineAsync(claim, cancellationToken).ConfigureAwait(false);
            if (row is null || etag is null || row.GetString("Status") == Done)
            {
                return;
            }

            try
            {
                await storage.Runs.DeleteEntityAsync(claim.Period.ToString(), claim.Work, etag.Value, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Gone, or changed since it was read (a renewal): read it again.
            }
        }
    }

    /// <summary>The claim's row and its ETag while this run holds it (or has finished it); no ETag when another run has taken it over.</summary>
    private async Task<(TableEntity? Row, ETag? ETag)> MineAsync(RunClaim claim, CancellationToken cancellationToken)
    {
        var row = await storage.Runs.GetEntityIfExistsAsync<TableEntity>(claim.Period.ToString(), claim.Work, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!row.HasValue)
        {
            return (null, null);
        }

        var entity = row.Value!;
        return (entity, entity.GetString("Holder") == claim.Holder || entity.GetString("Status") == Done ? entity.ETag : null);
    }

    private async Task RenewAsync(RunClaim claim)
    {
        try
        {
            var (row, etag) = await MineAsync(claim, CancellationToken.None).ConfigureAwait(false);
            if (row?.GetString("Status") == Running && etag is { } current)
            {
                await storage.Runs.UpdateEntityAsync(new TableEntity(claim.Period.ToString(), claim.Work) { ["RenewedAt"] = time.GetUtcNow() }, current, TableUpdateMode.Merge).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is RequestFailedException or StorageUnavailableException or OperationCanceledException or System.Net.Http.HttpRequestException)
        {
            // A renewal missed is made up by the next; if every one fails, the claim lapses as a dead run's would.
        }
    }

    /// <summary>
    /// Gives the claim of failed work back, trying a few times (each with the storage client's own retries): the work
    /// most often failed on the storage it must give the claim back to. If every try fails, the claim lapses after
    /// <see cref="Lease"/> instead.
    /// </summary>
    private async Task GiveBackAsync(RunClaim claim)
    {
        for (var attempt = 0; attempt < GiveBackAttempts; attempt++)
        {
            try
            {
                await ReleaseAsync(claim, CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is RequestFailedException or StorageUnavailableException or System.Net.Http.HttpRequestException or AggregateException)
            {
            }
        }
    }

    private const int GiveBackAttempts = 5;
}
