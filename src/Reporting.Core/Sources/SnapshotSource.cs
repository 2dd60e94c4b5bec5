using System.Text.Json;

namespace Caseload.Reporting.Sources;

/// <summary>Where a council's snapshots come from.</summary>
/// <param name="Id">Its key, e.g. <c>lcs-nightly</c>; recorded with every pull.</param>
public abstract record SnapshotSource(string Id);

/// <summary>
/// A blob drop: a container and prefix holding dated snapshot folders (<c>{prefix}2026-11-16/teams.csv</c>, ...) or
/// one folder overwritten nightly (the files directly under the prefix). The blob service is
/// <c>Reporting:Blob</c> (a connection string locally, the blob endpoint URI with managed identity in Azure).
/// </summary>
/// <param name="Id">Its key.</param>
/// <param name="Container">The container.</param>
/// <param name="Prefix">The path under which the folders are, ending in '/', or empty.</param>
public sealed record BlobSource(string Id, string Container, string Prefix) : SnapshotSource(Id);

/// <summary>
/// An HTTPS endpoint: one URL returning the files as a zip, or one URL per file. The auth header's value is read
/// from the configuration setting named (in Azure, an app setting that is a Key Vault reference), never stored.
/// </summary>
/// <param name="Id">Its key.</param>
/// <param name="Zip">The zip's URL, or null when the files are given one by one.</param>
/// <param name="Files">Each file's URL by file name (teams.csv, workers.csv, allocations.csv, snapshot.json), when not a zip.</param>
/// <param name="AuthHeader">The header carrying the credential, e.g. <c>Authorization</c>; null for none.</param>
/// <param name="AuthSetting">The name of the credential that is the header's value: the setting <c>Reporting:SourceCredentials:{name}</c>.</param>
/// <param name="Timeout">How long one request may take.</param>
/// <param name="Retries">How many times a failed request is tried again.</param>
/// <param name="AllowPrivateNetwork">
/// Whether it may be reached at a private, loopback or link-local address (a council's gateway reached through the
/// Function App's VNet integration). Without it such an address is refused, for the URL and every redirect, so that
/// whoever edits sources.json cannot point the pull at the app's own network.
/// </param>
public sealed record HttpsSource(string Id, Uri? Zip, IReadOnlyDictionary<string, Uri> Files, string? AuthHeader, string? AuthSetting, TimeSpan Timeout, int Retries, bool AllowPrivateNetwork = false) : SnapshotSource(Id);

/// <summary>
/// Ofsted's Annex A workbook in a blob container, with the HR roster (teams.csv and workers.csv under a prefix of
/// the same container). The snapshot's date is the day (UTC) the workbook was last written.
/// </summary>
/// <param name="Id">Its key.</param>
/// <param name="Container">The container.</param>
/// <param name="Workbook">The workbook's blob name, e.g. <c>annex-a/annex-a.xlsx</c>.</param>
/// <param name="Roster">The prefix of the roster's two files, ending in '/', or empty.</param>
public sealed record AnnexASource(string Id, string Container, string Workbook, string Roster) : SnapshotSource(Id);

/// <summary>The council's sources, as sources.json lists them.</summary>
/// <param name="Version">The document's own "version", or <c>sha-</c> and 12 hex digits of its SHA-256.</param>
/// <param name="Sources">The sources, in the order given.</param>
public sealed record SourceList(string Version, IReadOnlyList<SnapshotSource> Sources);

/// <summary>
/// Reads sources.json: <c>{"sources": [{"id": "lcs", "kind": "blob", "container": "extracts", "prefix": "caseload/"},
/// {"id": "bi", "kind": "https", "url": "https://...", "authHeader": "Authorization", "authSetting": "bi"}]}</c>.
/// Every problem is reported with its path.
/// </summary>
public static partial class SourceDocument
{
    private static readonly string[] SnapshotFiles = ["teams.csv", "workers.csv", "allocations.csv", "snapshot.json"];

    /// <summary>Reads a sources document.</summary>
    /// <exception cref="InvalidInputException">The document is not a valid source list.</exception>
    public static SourceList Parse(string json, string file = "sources.json")
    {
        ArgumentNullException.ThrowIfNull(json);
        var reader = new Reader(file);
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json)));
        return reader.Read(json, "sources", root => reader.List(root, $"sha-{digest[..12]}"));
    }

    private sealed partial class Reader(string file) : JsonDocumentReader(file, "sources_invalid")
    {
        public SourceList List(JsonElement root, string digestVersion)
        {
            string? version = null;
            var sources = new List<SnapshotSource>();
            foreach (var field in Fields(root, "", "version", "sources"))
            {
                if (field.Name == "version")
                {
                    version = Text(field.Value, "version");
                    continue;
                }

                if (field.Value.ValueKind != JsonValueKind.Array)
                {
                    Fail("sources", $"expected an array of sources, got {Kind(field.Value)}");
                    continue;
                }

                var index = 0;
                foreach (var item in field.Value.EnumerateArray())
                {
                    if (Source(item, $"sources[{index++}]") is { } source)
                    {
                        if (sources.Any(s => s.Id == source.Id))
                        {
                            Fail($"sources[{index - 1}].id", $"'{source.Id}' is used by another source; give each its own id");
                        }

                        sources.Add(source);
                    }
                }
            }

            return new SourceList(string.IsNullOrWhiteSpace(version) ? digestVersion : version.Trim(), sources);
        }

        private SnapshotSource? Source(JsonElement value, string path)
        {
            var before = Problems.Count;
            var fields = Fields(value, path, "id", "kind", "container", "prefix", "url", "files", "authHeader", "authSetting", "timeoutSeconds", "retries", "allowPrivateNetwork", "workbook", "roster")
                .ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);  // Fields keeps a name once
            string? Required(string name) => fields.TryGetValue(name, out var v) ? Text(v, $"{path}.{name}") is { Length: > 0 } t ? t.Trim() : Fail<string?>(null, $"{path}.{name}", "expected text, got an empty string")
                : Fail<string?>(null, $"{path}.{name}", "missing");
            string? Optional(string name) => fields.TryGetValue(name, out var v) ? Text(v, $"{path}.{name}") : null;

            var id = Required("id");
            if (id is not null && !ShortName().IsMatch(id))
            {
                Fail($"{path}.id", "expected a short name for the source (letters, digits, '-' and '_', at most 64), e.g. lcs-nightly");
            }

            string? Container() => Required("container") switch
            {
                { } name when !ContainerName().IsMatch(name) => Fail<string?>(null, $"{path}.container", "expected a blob container's name: 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit"),
                var name => name,
            };

            var kind = Required("kind");
            SnapshotSource? source = kind switch
            {
                null => null,
                "blob" => Container() is { } container ? new BlobSource(id ?? "", container, Prefix(Optional("prefix"))) : null,
                "https" => Https(id ?? "", fields, path),
                "annexa" => (Container(), Required("workbook")) is ({ } container, { } workbook) ? new AnnexASource(id ?? "", container, workbook.TrimStart('/'), Prefix(Optional("roster"))) : null,
                _ => Fail<SnapshotSource?>(null, $"{path}.kind", $"'{kind}' is not a kind of source; use blob, https or annexa"),
            };
            return Problems.Count > before ? null : source;
        }

        private HttpsSource? Https(string id, Dictionary<string, JsonElement> fields, string path)
        {
            Uri? zip = null;
            var files = new Dictionary<string, Uri>(StringComparer.Ordinal);
            if (fields.TryGetValue("url", out var url))
            {
                zip = Address(url, $"{path}.url");
            }

            if (fields.TryGetValue("files", out var given))
            {
                foreach (var file in Fields(given, $"{path}.files", SnapshotFiles))
                {
                    if (Address(file.Value, $"{path}.files.{file.Name}") is { } address)
                    {
                        files[file.Name] = address;
                    }
                }
            }

            if ((zip is null) == (files.Count == 0))
            {
                Fail(path, "give either \"url\" (a zip of the files) or \"files\" (a URL per file), not both or neither");
            }
            else if (zip is null && !SnapshotFiles[..3].All(files.ContainsKey))
            {
                Fail($"{path}.files", "teams.csv, workers.csv and allocations.csv each need a URL");
            }

            var header = fields.TryGetValue("authHeader", out var h) ? Text(h, $"{path}.authHeader") : null;
            var setting = fields.TryGetValue("authSetting", out var s) ? Text(s, $"{path}.authSetting") : null;
            if ((header is null) != (setting is null))
            {
                Fail(path, "authHeader and authSetting go together: the header's name, and the name of the credential that is its value");
            }

            if (header is not null && !HeaderName().IsMatch(header))
            {
                Fail($"{path}.authHeader", "expected a header's name, e.g. Authorization or X-Api-Key");
            }

            if (setting is not null && !ShortName().IsMatch(setting))
            {
                Fail($"{path}.authSetting", "expected the name of a credential under Reporting:SourceCredentials (letters, digits, '-' and '_', at most 64), e.g. \"bi\" for the setting Reporting:SourceCredentials:bi; no other setting can be named");
            }

            var timeout = fields.TryGetValue("timeoutSeconds", out var t) ? Between(t, $"{path}.timeoutSeconds", 1, 600, whole: false) : 100m;
            var retries = fields.TryGetValue("retries", out var r) ? Between(r, $"{path}.retries", 0, 10, whole: true) : 3m;
            var allowPrivate = false;
            if (fields.TryGetValue("allowPrivateNetwork", out var p))
            {
                allowPrivate = p.ValueKind == JsonValueKind.True
                    || (p.ValueKind != JsonValueKind.False && Fail(false, $"{path}.allowPrivateNetwork", "expected true or false"));
            }

            return new HttpsSource(id, zip, files, header, setting, TimeSpan.FromSeconds((double)(timeout ?? 100m)), (int)(retries ?? 3m), allowPrivate);
        }

        private Uri? Address(JsonElement value, string path)
        {
            var text = Text(value, path);
            if (text is null)
            {
                return null;
            }

            // Plain http only to this machine: credentials and children's data never cross a network unencrypted.
            return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
                ? uri
                : Fail<Uri?>(null, path, $"'{text}' is not an https:// URL");
        }

        // A source's id and a credential's name: safe as a table key and as one configuration key.
        [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
        private static partial System.Text.RegularExpressions.Regex ShortName();

        [System.Text.RegularExpressions.GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$")]
        private static partial System.Text.RegularExpressions.Regex ContainerName();

        // An HTTP token (RFC 9110), short: no separator or line break can smuggle a second header.
        [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$")]
        private static partial System.Text.RegularExpressions.Regex HeaderName();

        private static string Prefix(string? prefix) =>
            string.IsNullOrWhiteSpace(prefix) ? "" : prefix.Trim().TrimStart('/').TrimEnd('/') + "/";
    }
}
