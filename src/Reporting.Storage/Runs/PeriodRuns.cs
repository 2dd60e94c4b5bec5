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

/// <summary>A run's hold on a period's work, proven by the ETag of its row.</summary>
/// <param name="Period">The period.</param>
/// <param name="Work">The work held, e.g. <c>weekly</c>.</param>
/// <param name="ETag">The row's ETag when it was claimed.</param>
public sealed record RunClaim(ReportingPeriod Period, string Work, ETag ETag);

/// <summary>
/// Who is preparing which period: one row per period and kind of work, claimed by one run at a time, marked done
/// when the work is whole. A claim not finished within <see cref="Lease"/> (a run that died) may be taken over; the
/// work is written so that doing it again over a partial attempt comes to the same result.
/// </summary>
public sealed class PeriodRuns(ReportingStorage storage, TimeProvider time)
{
    /// <summary>How long a run may hold a period without finishing before another may take it over.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(15);

    private const string Running = "running";
    private const string Done = "done";

    /// <summary>Claims a period's work unless it is done or another run holds it.</summary>
    public async Task<(RunClaimOutcome Outcome, RunClaim? Claim)> ClaimAsync(ReportingPeriod period, string work, CancellationToken cancellationToken = default)
    {
        // Each claim is named, so that a claim whose answer was lost (and whose retry met itself) is known as this run's own.
        var holder = Guid.NewGuid().ToString("N");
        var row = new TableEntity(period.ToString(), work) { ["Status"] = Running, ["ClaimedAt"] = time.GetUtcNow(), ["Holder"] = holder };
        try
        {
            var added = await storage.Runs.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            return (RunClaimOutcome.Claimed, new RunClaim(period, work, added.Headers.ETag!.Value));
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
            return (RunClaimOutcome.Claimed, new RunClaim(period, work, existing.ETag));
        }

        if (existing.GetDateTimeOffset("ClaimedAt") + Lease > time.GetUtcNow())
        {
            return (RunClaimOutcome.Busy, null);
        }

        try
        {
            var taken = await storage.Runs.UpdateEntityAsync(row, existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return (RunClaimOutcome.Claimed, new RunClaim(period, work, taken.Headers.ETag!.Value));
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return (RunClaimOutcome.Busy, null);
        }
    }

    /// <summary>Marks the claimed work done; from now on a claim of it answers <see cref="RunClaimOutcome.Done"/>.</summary>
    public async Task CompleteAsync(RunClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var row = new TableEntity(claim.Period.ToString(), claim.Work) { ["Status"] = Done, ["DoneAt"] = time.GetUtcNow() };
        try
        {
            await storage.Runs.UpdateEntityAsync(row, claim.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Done by this run already (an answer lost, tried again) or by a run that took over a lapsed claim and
            // did the same work: either way the work is whole.
            var now = (await storage.Runs.GetEntityAsync<TableEntity>(row.PartitionKey, claim.Work, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            if (now.GetString("Status") != Done)
            {
                throw new InvalidOperationException($"The claim on {claim.Period} lapsed and another run holds it; this run's work was not marked done.", e);
            }
        }
    }

    /// <summary>Gives a claim back without doing the work (there was nothing to do), so that a later run may.</summary>
    public async Task ReleaseAsync(RunClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        try
        {
            await storage.Runs.DeleteEntityAsync(claim.Period.ToString(), claim.Work, claim.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
        }
    }
}
