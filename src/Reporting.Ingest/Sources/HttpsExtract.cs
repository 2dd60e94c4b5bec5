using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using Caseload.Reporting.Sources;

namespace Caseload.Reporting.Ingest.Sources;

/// <summary>
/// An HTTPS endpoint: a zip of the files or a URL per file, with the credential header from configuration, each
/// request under the source's timeout and tried again on 5xx, 429, timeouts and dropped connections. Redirects are
/// followed here, not by the client, so that the credential goes only to the address the council gave (its scheme,
/// host and port): an endpoint handing off to a pre-signed download elsewhere gets no credential on. A zip is
/// bounded: only the snapshot's files are taken, none larger than <see cref="ExtractSource.MaxFileBytes"/>, and
/// none that expands more than 200 times its compressed size (a zip bomb).
/// </summary>
/// <param name="http">The client: one that does not follow redirects itself, and whose own timeout is not used (each request has the source's).</param>
/// <param name="source">The source.</param>
/// <param name="credential">The auth header's value, from the setting the source names; null for none.</param>
/// <param name="time">The clock, for the backoff between tries.</param>
public sealed class HttpsExtract(HttpClient http, HttpsSource source, string? credential, TimeProvider time) : ExtractSource
{
    private const int MaxExpansion = 200;
    private const int MaxRedirects = 5;

    /// <inheritdoc />
    public override Task<IReadOnlyList<Extract>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Extract>>([new Extract("latest", null)]);

    /// <summary>
    /// Downloads the files. Accepted, the extract is named by the digest of its files (the same files zipped again are
    /// the same extract); refused before it could be unpacked, by the digest of what arrived (or, when refused from its
    /// headers alone, of its length and validators), so that the same refusal is reported once and a changed extract
    /// is tried again.
    /// </summary>
    /// <exception cref="ExtractRefusedException">What arrived cannot be a snapshot: too large, not a zip, a zip bomb.</exception>
    public override async Task<Extract> DownloadAsync(Extract extract, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var received = new List<string>();
        try
        {
            if (source.Zip is { } zip)
            {
                var archive = Path.Combine(folder, "extract.zip");
                received.Add(await FetchAsync(zip, archive, "the zip", cancellationToken).ConfigureAwait(false));
                Unzip(archive, folder);
                File.Delete(archive);
            }
            else
            {
                foreach (var (file, url) in source.Files)
                {
                    received.Add(await FetchAsync(url, Path.Combine(folder, file), file, cancellationToken).ConfigureAwait(false));
                }
            }
        }
        catch (FetchRefused e)
        {
            throw Refused([.. received, e.Fingerprint], e.Refusal);
        }
        catch (InvalidInputException e)
        {
            throw Refused(received, e);
        }

        var digest = Digest(folder);
        return new Extract(digest[..16], digest);
    }

    private static ExtractRefusedException Refused(IEnumerable<string> received, InvalidInputException refusal)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', received))));
        return new ExtractRefusedException(new Extract(digest[..16], digest), refusal.Problems);
    }

    /// <summary>Fetches one file, following redirects; returns the digest of its bytes.</summary>
    private async Task<string> FetchAsync(Uri url, string path, string what, CancellationToken cancellationToken)
    {
        var address = url;
        for (int attempt = 0, redirects = 0; ;)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(source.Timeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, address);
                if (source.AuthHeader is { } header && credential is not null && SameOrigin(address, url))
                {
                    request.Headers.TryAddWithoutValidation(header, credential);
                }

                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return await ReceiveAsync(response, path, what, timeout.Token).ConfigureAwait(false);
                }

                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    address = Redirect(address, location, ++redirects, what);
                    continue;
                }

                if (!(status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests || response.StatusCode == HttpStatusCode.RequestTimeout) || attempt >= source.Retries)
                {
                    throw new PullFailedException($"source '{source.Id}': {what} answered {status} {response.ReasonPhrase}{(status is 401 or 403 && SameOrigin(address, url) ? $"; check the credential in the setting Reporting:SourceCredentials:{source.AuthSetting}" : "")}");
                }
            }
            catch (HttpRequestException e) when (e.InnerException is InternalAddressException inside)
            {
                // Not a failure that passes: the source must be corrected, or allowed the private network.
                throw new SourceUnusableException($"source '{source.Id}': {what}: {inside.Message}");
            }
            catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                if (attempt >= source.Retries)
                {
                    throw new PullFailedException($"source '{source.Id}': {what} could not be fetched after {attempt + 1} tries: {(e is OperationCanceledException ? $"no answer within {source.Timeout.TotalSeconds:0} s" : e.Message)}", e);
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(Math.Min(60, 2 << attempt)), time, cancellationToken).ConfigureAwait(false);
            attempt++;
        }
    }

    /// <summary>Where a redirect leads, if it may be followed: never past a handful of hops, never off https (but to this machine).</summary>
    private Uri Redirect(Uri from, Uri location, int redirects, string what)
    {
        var to = location.IsAbsoluteUri ? location : new Uri(from, location);
        if (redirects > MaxRedirects)
        {
            throw new PullFailedException($"source '{source.Id}': {what} was redirected more than {MaxRedirects} times; give the final address in sources.json");
        }

        return to.Scheme == Uri.UriSchemeHttps || (to.Scheme == Uri.UriSchemeHttp && to.IsLoopback)
            ? to
            : throw new PullFailedException($"source '{source.Id}': {what} was redirected to a {to.Scheme} address on {to.Host}, which is not https; the extract is fetched over https only");
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    /// <summary>Writes the body to the file, bounded, hashing it as it goes.</summary>
    private static async Task<string> ReceiveAsync(HttpResponseMessage response, string path, string what, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } length && length > MaxFileBytes)
        {
            var validators = $"{what}:length={length};etag={response.Headers.ETag};modified={response.Content.Headers.LastModified:O}";
            throw new FetchRefused(validators, Refuse(what, $"is {length:N0} bytes, more than the {MaxFileBytes:N0} accepted"));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var output = File.Create(path);
        await using (body.ConfigureAwait(false))
        await using (output.ConfigureAwait(false))
        {
            var buffer = new byte[81920];
            long total = 0;
            for (int read; (read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0;)
            {
                total += read;
                hash.AppendData(buffer, 0, read);
                if (total > MaxFileBytes)
                {
                    throw new FetchRefused($"{what}:first={Convert.ToHexStringLower(hash.GetHashAndReset())}", Refuse(what, $"is more than the {MaxFileBytes:N0} bytes accepted"));
                }

                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }

        return $"{what}:{Convert.ToHexStringLower(hash.GetHashAndReset())}";
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
            throw Refuse("the zip", "is not a zip file (or is truncated); the endpoint should return a zip of snapshot.json, teams.csv, workers.csv and allocations.csv (or the SSD tables)");
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
        var lines = SnapshotFiles.Select(f => Path.Combine(folder, f)).Where(File.Exists).Select(f =>
        {
            using var file = File.OpenRead(f);
            return $"{Path.GetFileName(f)}:{Convert.ToHexStringLower(SHA256.HashData(file))}";
        });
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines))));
    }

    /// <summary>A file refused as it arrived, with what identifies what arrived.</summary>
    private sealed class FetchRefused(string fingerprint, InvalidInputException refusal) : Exception(refusal.Message)
    {
        public string Fingerprint { get; } = fingerprint;

        public InvalidInputException Refusal { get; } = refusal;
    }
}
