using System.Security.Cryptography;
using System.Text;
using Azure.Identity;
using Azure.Storage.Blobs;
using Caseload.Reporting.Email;
using Caseload.Reporting.Email.Sending;
using Caseload.Reporting.Ingest.Sources;
using Caseload.Reporting.Jobs.Delivery;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Sources;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Storage.Notifications;
using Caseload.Reporting.Storage.Sources;

namespace Caseload.Reporting.Jobs.Pull;

/// <summary>How pulls are made.</summary>
public sealed class PullJobOptions
{
    /// <summary>The blob service of blob sources (<c>Reporting:Blob</c>): a connection string, or the blob endpoint URI for managed identity.</summary>
    public string? Blob { get; set; }

    /// <summary>Who is told of a refused extract (<c>Reporting:Email:DataTeamTo</c>).</summary>
    public string? DataTeamTo { get; set; }

    /// <summary>Reads a setting named by a source (its credential); in Azure a Key Vault reference resolves to the secret.</summary>
    public Func<string, string?> Setting { get; set; } = _ => null;
}

/// <summary>What one pulled extract came to.</summary>
/// <param name="SourceId">The source.</param>
/// <param name="Extract">The extract.</param>
/// <param name="Outcome">What became of it.</param>
/// <param name="SnapshotId">The stored snapshot, when stored.</param>
/// <param name="Problems">Why it was refused, when it was.</param>
public sealed record PullResult(string SourceId, string Extract, PullOutcome Outcome, string? SnapshotId, IReadOnlyList<Problem> Problems);

/// <summary>
/// Pulls new extracts from the council's sources: list → skip what the pull log has in the same version →
/// download (oldest first, at most <see cref="CatchUp"/>) → ingest (validate whole, store once) → record. A refused
/// extract is left where it lies (quarantined), recorded with its report, and the data team is emailed once
/// through the ledger; it is not pulled again until it changes.
/// </summary>
public sealed class PullJob(ReportingTables tables, EmailSender sender, HttpClient http, PullJobOptions options, TimeProvider time)
{
    /// <summary>The most extracts pulled from one source in one run, the newest kept: a missed week or two is caught up.</summary>
    public const int CatchUp = 8;

    /// <summary>Pulls every current source, or the one named.</summary>
    /// <exception cref="InvalidOperationException">No sources are set, or none has the id.</exception>
    /// <exception cref="PullFailedException">A source could not be reached or refused the credential.</exception>
    public async Task<IReadOnlyList<PullResult>> PullAsync(string? sourceId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sources = (await new SourceStore(tables, time).CurrentAsync(cancellationToken).ConfigureAwait(false))?.List.Sources
            ?? throw new InvalidOperationException("No sources are set: set them with `reporting sources set sources.json`.");
        var chosen = sources.Where(s => sourceId is null || s.Id == sourceId).ToList();
        if (chosen.Count == 0)
        {
            throw new InvalidOperationException($"No source has the id '{sourceId}'; the sources are {string.Join(", ", sources.Select(s => s.Id))}.");
        }

        var results = new List<PullResult>();
        foreach (var source in chosen)
        {
            results.AddRange(await PullSourceAsync(source, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private async Task<IReadOnlyList<PullResult>> PullSourceAsync(SnapshotSource source, CancellationToken cancellationToken)
    {
        var extracts = Open(source);
        var log = new PullLog(tables);
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
                    extract = await extracts.DownloadAsync(candidate, folder, cancellationToken).ConfigureAwait(false);
                    if (Known(extract))
                    {
                        continue;
                    }

                    var ingested = await new IngestJob(tables, time).IngestFolderAsync(folder, null, extract.Warnings ?? [], cancellationToken).ConfigureAwait(false);
                    result = new PullResult(source.Id, extract.Key, ingested.AlreadyStored ? PullOutcome.AlreadyStored : PullOutcome.Ingested, ingested.Snapshot.Id, []);
                }
                catch (InvalidInputException e)
                {
                    result = new PullResult(source.Id, extract.Key, PullOutcome.Refused, null, e.Problems);
                    await ReportRefusalAsync(source, extract, e.Problems, cancellationToken).ConfigureAwait(false);
                }

                await log.RecordAsync(
                    new PullRecord(source.Id, extract.Key, extract.Fingerprint ?? "", result.Outcome, result.SnapshotId, result.Problems.Count == 0 ? null : Report(result.Problems), time.GetUtcNow()),
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

    private ExtractSource Open(SnapshotSource source) => source switch
    {
        BlobSource blob => new BlobDrop(BlobService(), blob),
        AnnexASource annexA => new AnnexADrop(BlobService(), annexA),
        HttpsSource https => new HttpsExtract(http, https, https.AuthSetting is { } setting ? options.Setting(setting) : null, time),
        _ => throw new InvalidOperationException($"Source '{source.Id}' is of a kind this version cannot pull."),
    };

    private BlobServiceClient BlobService() =>
        string.IsNullOrWhiteSpace(options.Blob) ? throw new InvalidOperationException("Reporting:Blob is not set: give the blob service's connection string, or its endpoint URI for managed identity.")
        : Uri.TryCreate(options.Blob, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "https" or "http" ? new BlobServiceClient(endpoint, new DefaultAzureCredential())
        : new BlobServiceClient(options.Blob);

    /// <summary>The data team's email about a refused extract: once per extract version, through the ledger.</summary>
    private async Task ReportRefusalAsync(SnapshotSource source, Extract extract, IReadOnlyList<Problem> problems, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.DataTeamTo))
        {
            return;
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{source.Id}\n{extract.Key}\n{extract.Fingerprint}")));
        var where = extract.Key.Length == 0 ? $"source '{source.Id}'" : $"'{extract.Key}' from source '{source.Id}'";
        var text = new StringBuilder()
            .AppendLine($"The extract {where} was refused: nothing of it was stored, and last week's figures stand.")
            .AppendLine()
            .AppendLine($"{problems.Count} problem(s), each as file:line: column: what is wrong:")
            .AppendLine(Report(problems))
            .AppendLine()
            .AppendLine("Fix the extract where it is produced; the next pull takes it again once it has changed. The report is also in the Pulls table.")
            .ToString();
        var notification = new Notification($"refused-{digest[..16]}", NotificationKind.RefusedSnapshot, options.DataTeamTo, $"Caseload extract refused: {where}, {problems.Count} problem(s)", text);
        await new NotificationDelivery(new NotificationLedger(tables, time), sender, time).DeliverAsync([notification], cancellationToken).ConfigureAwait(false);
    }

    private static string Report(IReadOnlyList<Problem> problems) =>
        string.Join('\n', problems.Take(50).Select(p => p.ToString())) + (problems.Count > 50 ? $"\n... and {problems.Count - 50} more" : "");
}
