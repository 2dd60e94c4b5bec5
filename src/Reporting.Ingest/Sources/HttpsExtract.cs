using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using Caseload.Reporting.Sources;

namespace Caseload.Reporting.Ingest.Sources;

/// <summary>
/// An HTTPS endpoint: a zip of the files or a URL per file, with the credential header from configuration, each
/// request under the source's timeout and tried again on 5xx, 429, timeouts and dropped connections. A zip is
/// bounded: only the snapshot's files are taken, none larger than <see cref="ExtractSource.MaxFileBytes"/>, and
/// none that expands more than 200 times its compressed size (a zip bomb).
/// </summary>
/// <param name="http">The client (its own timeout is not used: each request has the source's).</param>
/// <param name="source">The source.</param>
/// <param name="credential">The auth header's value, from the setting the source names; null for none.</param>
/// <param name="time">The clock, for the backoff between tries.</param>
public sealed class HttpsExtract(HttpClient http, HttpsSource source, string? credential, TimeProvider time) : ExtractSource
{
    private const int MaxExpansion = 200;

    /// <inheritdoc />
    public override Task<IReadOnlyList<Extract>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Extract>>([new Extract("latest", null)]);

    /// <inheritdoc />
    public override async Task<Extract> DownloadAsync(Extract extract, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Zip is { } zip)
        {
            var archive = Path.Combine(folder, "extract.zip");
            await FetchAsync(zip, archive, "the zip", cancellationToken).ConfigureAwait(false);
            Unzip(archive, folder);
            File.Delete(archive);
        }
        else
        {
            foreach (var (file, url) in source.Files)
            {
                await FetchAsync(url, Path.Combine(folder, file), file, cancellationToken).ConfigureAwait(false);
            }
        }

        var digest = Digest(folder);
        return new Extract(digest[..16], digest);
    }

    private async Task FetchAsync(Uri url, string path, string what, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(source.Timeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (source.AuthHeader is { } header && credential is not null)
                {
                    request.Headers.TryAddWithoutValidation(header, credential);
                }

                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    if (response.Content.Headers.ContentLength > MaxFileBytes)
                    {
                        throw Refuse(what, $"is {response.Content.Headers.ContentLength:N0} bytes, more than the {MaxFileBytes:N0} accepted");
                    }

                    var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                    await using (body.ConfigureAwait(false))
                    {
                        await CopyBoundedAsync(body, path, what, timeout.Token).ConfigureAwait(false);
                    }

                    return;
                }

                var status = (int)response.StatusCode;
                if (!(status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests || response.StatusCode == HttpStatusCode.RequestTimeout) || attempt >= source.Retries)
                {
                    throw new PullFailedException($"source '{source.Id}': {what} answered {status} {response.ReasonPhrase}{(status is 401 or 403 ? $"; check the credential in {source.AuthSetting}" : "")}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                if (attempt >= source.Retries)
                {
                    throw new PullFailedException($"source '{source.Id}': {what} could not be fetched after {attempt + 1} tries: {(e is OperationCanceledException ? $"no answer within {source.Timeout.TotalSeconds:0} s" : e.Message)}", e);
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(Math.Min(60, 2 << attempt)), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CopyBoundedAsync(Stream body, string path, string what, CancellationToken cancellationToken)
    {
        var output = File.Create(path);
        await using (output.ConfigureAwait(false))
        {
            var buffer = new byte[81920];
            long total = 0;
            for (int read; (read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0;)
            {
                total += read;
                if (total > MaxFileBytes)
                {
                    throw Refuse(what, $"is more than the {MaxFileBytes:N0} bytes accepted");
                }

                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static void Unzip(string archive, string folder)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(archive);
        }
        catch (InvalidDataException)
        {
            throw Refuse("the zip", "is not a zip file (or is truncated); the endpoint should return a zip of teams.csv, workers.csv, allocations.csv and snapshot.json");
        }

        using (zip)
        {
            foreach (var entry in zip.Entries)
            {
                var name = entry.Name.ToLowerInvariant();
                if (!SnapshotFiles.Contains(name, StringComparer.Ordinal))
                {
                    continue;
                }

                if (entry.Length > MaxFileBytes || (entry.CompressedLength > 0 && entry.Length / entry.CompressedLength > MaxExpansion))
                {
                    throw Refuse(name, $"expands from {entry.CompressedLength:N0} to {entry.Length:N0} bytes in the zip, more than is plausible for a snapshot; refused as a possible zip bomb");
                }

                using var input = entry.Open();
                using var output = File.Create(Path.Combine(folder, name));
                var copied = 0L;
                var buffer = new byte[81920];
                for (int read; (read = input.Read(buffer)) > 0;)
                {
                    // The sizes in a zip's directory can lie: count what actually comes out.
                    copied += read;
                    if (copied > Math.Min(MaxFileBytes, Math.Max(entry.CompressedLength, 1) * MaxExpansion))
                    {
                        throw Refuse(name, "expands further than its zip entry says; refused as a possible zip bomb");
                    }

                    output.Write(buffer, 0, read);
                }
            }
        }
    }

    private static string Digest(string folder)
    {
        var lines = SnapshotFiles.Select(f => Path.Combine(folder, f)).Where(File.Exists)
            .Select(f => $"{Path.GetFileName(f)}:{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))}");
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines))));
    }
}
