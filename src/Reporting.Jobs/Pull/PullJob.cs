using Caseload.Reporting.Jobs.Telemetry;
using Azure.Identity;
using Azure.Storage.Blobs;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Content.Refusals;
using Caseload.Reporting.Channels.Email;
using Caseload.Reporting.Ingest.Sources;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Sources;
using Caseload.Reporting.Storage.Sources;

namespace Caseload.Reporting.Jobs.Pull;

/// <summary>What one pulled extract came to.</summary>
/// <param name="SourceId">The source.</param>
/// <param name="Extract">The extract.</param>
/// <param name="Outcome">What became of it.</param>
/// <param name="SnapshotId">The stored snapshot, when stored.</param>
/// <param name="Problems">Why it was refused, when it was.</param>
public sealed record PullResult(string SourceId, string Extract, PullOutcome Outcome, string? SnapshotId, IReadOnlyList<Problem> Problems);

/// <summary>What pulling one source came to: its extracts, or why it could not be pulled.</summary>
/// <param name="Source">The source's id.</param>
/// <param name="Results">Each new extract and what became of it.</param>
/// <param name="Failure">Why the source could not be pulled (misconfigured, unreachable, a credential refused); null when it was.</param>
public sealed record SourcePull(string Source, IReadOnlyList<PullResult> Results, string? Failure);

/// <summary>
/// Pulls new extracts from the council's sources: list → skip what the pull log has in the same version →
/// download (oldest first, at most <see cref="CatchUp"/>) → ingest (validate whole, store once) → record. A refused
/// extract is left where it lies (quarantined), recorded with its report, and the data team is emailed once
/// (prepared and delivered like every notification); it is not pulled again until it changes.
/// </summary>
public sealed class PullJob(StorageConnection connection, IngestJob ingest, Preparation preparation, DeliveryJob delivery, SourceClients clients, SourceCredentials credentials, ReportingOptions options, TimeProvider time)
{
    /// <summary>The most extracts pulled from one source in one run, the newest kept: a missed week or two is caught up.</summary>
    public const int CatchUp = 8;

    /// <summary>The ids of the current sources; empty until sources.json is set.</summary>
    public async Task<IReadOnlyList<string>> SourceIdsAsync(CancellationToken cancellationToken = default)
    {
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        return [.. (await stores.Sources.CurrentAsync(cancellationToken).ConfigureAwait(false))?.List.Sources.Select(s => s.Id) ?? []];
    }

    /// <summary>
    /// Pulls every current source (or the one named) each on its own, as the queue pulls them in Azure: a source that
    /// cannot be pulled is said, and the rest are pulled all the same.
    /// </summary>
    /// <exception cref="SourceUnusableException">No sources are set, or none has the id.</exception>
    public async Task<IReadOnlyList<SourcePull>> PullEachAsync(string? sourceId = null, CancellationToken cancellationToken = default)
    {
        var ids = await SourceIdsAsync(cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            throw new SourceUnusableException("No sources are set: set them with `reporting sources set sources.json`.");
        }

        if (sourceId is not null && !ids.Contains(sourceId))
        {
            throw new SourceUnusableException($"No source has the id '{sourceId}'; the sources are {string.Join(", ", ids)}.");
        }

        var pulls = new List<SourcePull>();
        foreach (var id in ids.Where(id => sourceId is null || id == sourceId))
        {
            try
            {
                pulls.Add(new SourcePull(id, await PullAsync(id, cancellationToken).ConfigureAwait(false), null));
            }
            catch (Exception e) when (e is SourceUnusableException or PullFailedException)
            {
                pulls.Add(new SourcePull(id, [], e.Message));
            }
        }

        return pulls;
    }

    /// <summary>Pulls every current source, or the one named (a queued pull's work: a source that cannot be pulled throws).</summary>
    /// <exception cref="SourceUnusableException">No sources are set, none has the id, or a source cannot be pulled as configured.</exception>
    /// <exception cref="PullFailedException">A source could not be reached or refused the credential.</exception>
    public async Task<IReadOnlyList<PullResult>> PullAsync(string? sourceId = null, CancellationToken cancellationToken = default)
    {
        var stores = await connection.GetAsync(cancellationToken).ConfigureAwait(false);
        var sources = (await stores.Sources.CurrentAsync(cancellationToken).ConfigureAwait(false))?.List.Sources
            ?? throw new SourceUnusableException("No sources are set: set them with `reporting sources set sources.json`.");
        var chosen = sources.Where(s => sourceId is null || s.Id == sourceId).ToList();
        if (chosen.Count == 0)
        {
            throw new SourceUnusableException($"No source has the id '{sourceId}'; the sources are {string.Join(", ", sources.Select(s => s.Id))}.");
        }

        using var run = ReportingTelemetry.Run("pull");
        var results = new List<PullResult>();
        foreach (var source in chosen)
        {
            // A source's id is the council's name for a place (lcs-nightly), never a person's.
            using var pulling = ReportingTelemetry.Stage("pull source");
            pulling?.SetTag("reporting.source", source.Id);
            var pulled = await PullSourceAsync(stores.Pulls, source, cancellationToken).ConfigureAwait(false);
            pulling?.SetTag("reporting.extracts", pulled.Count);
            results.AddRange(pulled);
        }

        run.Outcome = "pulled";
        run.Count("extracts", results.Count);
        return results;
    }

    private async Task<IReadOnlyList<PullResult>> PullSourceAsync(PullLog log, SnapshotSource source, CancellationToken cancellationToken)
    {
        var extracts = Open(source);
        var pulled = await log.ListAsync(source.Id, cancellationToken).ConfigureAwait(false);
        bool Known(Extract e) => e.Fingerprint is not null && pulled.TryGetValue(e.Key, out var before) && before.Fingerprint == e.Fingerprint;
        var fresh = (await extracts.ListAsync(cancellationToken).ConfigureAwait(false)).Where(e => !Known(e)).TakeLast(CatchUp).ToList();
        var results = new List<PullResult>();
        foreach (var candidate in fresh)
        {
            var folder = Directory.CreateTempSubdirectory("caseload-pull-").FullName;
            try
            {
                var extract = candidate;
                PullResult result;
                try
                {
                    try
                    {
                        extract = await extracts.DownloadAsync(candidate, folder, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is InvalidInputException || (e is ExtractRefusedException refused && !Known(refused.Extract)))
                    {
                        // Refused as it arrived (too large, not a zip, a workbook that does not convert): counted as a
                        // refusal like one ingest refuses, then recorded and reported below.
                        IngestJob.Refused(KindOf(source));
                        throw;
                    }

                    if (Known(extract))
                    {
                        continue;
                    }

                    var ingested = await ingest.IngestFolderAsync(folder, null, extract.Warnings ?? [], KindOf(source), cancellationToken).ConfigureAwait(false);
                    result = new PullResult(source.Id, extract.Key, ingested.AlreadyStored ? PullOutcome.AlreadyStored : PullOutcome.Ingested, ingested.Snapshot.Id, []);
                }
                catch (ExtractRefusedException e) when (Known(e.Extract))
                {
                    continue;
                }
                catch (ExtractRefusedException e)
                {
                    (extract, result) = (e.Extract, new PullResult(source.Id, e.Extract.Key, PullOutcome.Refused, null, e.Problems));
                    await ReportRefusalAsync(source, extract, e.Problems, cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidInputException e)
                {
                    result = new PullResult(source.Id, extract.Key, PullOutcome.Refused, null, e.Problems);
                    await ReportRefusalAsync(source, extract, e.Problems, cancellationToken).ConfigureAwait(false);
                }

                await log.RecordAsync(
                    new PullRecord(source.Id, extract.Key, extract.Fingerprint ?? "", result.Outcome, result.SnapshotId, result.Problems.Count == 0 ? null : RefusedExtractEmail.Report(result.Problems), time.GetUtcNow()),
                    cancellationToken).ConfigureAwait(false);
                results.Add(result);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        return results;
    }

    private static ExtractKind KindOf(SnapshotSource source) => source switch
    {
        BlobSource => ExtractKind.Blob,
        AnnexASource => ExtractKind.AnnexA,
        _ => ExtractKind.Https,
    };

    private ExtractSource Open(SnapshotSource source) => source switch
    {
        BlobSource blob => new BlobDrop(BlobService(), blob),
        AnnexASource annexA => new AnnexADrop(BlobService(), annexA),
        HttpsSource https => new HttpsExtract(clients.For(https), https, https.AuthSetting is { } name ? credentials.Read(name) : null, time),
        _ => throw new SourceUnusableException($"Source '{source.Id}' is of a kind this version cannot pull."),
    };

    private BlobServiceClient BlobService() =>
        string.IsNullOrWhiteSpace(options.Blob) ? throw new SourceUnusableException("Reporting:Blob is not set: give the blob service's connection string, or its endpoint URI for managed identity.")
        : Uri.TryCreate(options.Blob, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "https" or "http" ? new BlobServiceClient(endpoint, new DefaultAzureCredential())
        : new BlobServiceClient(options.Blob);

    /// <summary>The data team's email about a refused extract: once per extract version, prepared and delivered through the ledger.</summary>
    private async Task ReportRefusalAsync(SnapshotSource source, Extract extract, IReadOnlyList<Problem> problems, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Email.DataTeamTo))
        {
            return;
        }

        ReportingPeriod week = IsoWeek.Of(NodaTime.LocalDate.FromDateTime(time.GetUtcNow().UtcDateTime));
        var notification = RefusedExtractEmail.Compose(week, source.Id, extract.Key, extract.Fingerprint ?? "", problems, options.Email.DataTeamTo);
        await preparation.PrepareAsync(week, [(notification.Key, notification)], (n, _) => Task.FromResult(n), cancellationToken).ConfigureAwait(false);
        await delivery.DeliverAsync(week, notification.Key, cancellationToken).ConfigureAwait(false);
    }
}
