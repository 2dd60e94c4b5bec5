using System.IO.Compression;
using System.Text;
using Azure.Storage.Blobs;
using Caseload.Reporting.Ingest.Sources;
using Caseload.Reporting.Jobs.Pull;
using Caseload.Reporting.Jobs.Settings;
using Caseload.Reporting.Sources;
using Caseload.Reporting.Storage.Snapshots;
using Caseload.Reporting.Storage.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using MimeKit;

namespace Caseload.Reporting.Tests;

/// <summary>Pulling from a blob drop on Azurite and an HTTPS endpoint on loopback, and refusing bad extracts once.</summary>
public sealed class PullJobTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private const string DataTeam = "data-team@council.example";
    private readonly CouncilFolders council = new(weeks: 3, workers: 20);
    private readonly string container = $"drop{Guid.NewGuid():N}";

    public void Dispose() => council.Dispose();

    /// <summary>The jobs over fresh storage with the given sources.json, blob sources in Azurite's blob service.</summary>
    private async Task<TestReporting> WithSourcesAsync(string json, string? secret = null)
    {
        var reporting = azurite.Reporting(TimeProvider.System, council.Outbox, settings: new Dictionary<string, string?>
        {
            ["Reporting:Blob"] = azurite.ConnectionString,
            ["Reporting:Email:DataTeamTo"] = DataTeam,
            ["Reporting:SourceCredentials:bi"] = secret,
        });
        await reporting.Job<SettingsJob>().SetSourcesAsync(json);
        return reporting;
    }

    /// <summary>The same storage and sources, with another secret.</summary>
    private TestReporting WithSecret(TestReporting reporting, string secret) =>
        azurite.Reporting(TimeProvider.System, council.Outbox, settings: new Dictionary<string, string?>(reporting.Settings) { ["Reporting:SourceCredentials:bi"] = secret });

    private static PullJob Job(TestReporting reporting) => reporting.Job<PullJob>();

    private async Task UploadAsync(string folder, string localFolder, params string[] files)
    {
        var client = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(container);
        await client.CreateIfNotExistsAsync();
        foreach (var file in files.Length > 0 ? files : ["teams.csv", "workers.csv", "allocations.csv", "snapshot.json"])
        {
            await client.GetBlobClient($"caseload/{folder}/{file}").UploadAsync(Path.Combine(localFolder, file), overwrite: true);
        }
    }

    private string BlobSources => $$"""{"sources": [{"id": "lcs", "kind": "blob", "container": "{{container}}", "prefix": "caseload/"}]}""";

    [Fact]
    public async Task A_blob_drop_is_pulled_oldest_first_once_each_and_again_when_a_folder_changes()
    {
        await using var tables = await WithSourcesAsync(BlobSources);
        await UploadAsync("2026-09-07", council.Weeks[0]);
        await UploadAsync("2026-09-14", council.Weeks[1]);
        await UploadAsync("2026-09-21", council.Weeks[2], "teams.csv", "workers.csv");  // still being written

        var first = await Job(tables).PullAsync();
        var again = await Job(tables).PullAsync();

        Assert.Equal(["2026-09-07", "2026-09-14"], first.Select(r => r.Extract));
        Assert.All(first, r => Assert.Equal(PullOutcome.Ingested, r.Outcome));
        Assert.Empty(again);

        await UploadAsync("2026-09-21", council.Weeks[2], "allocations.csv", "snapshot.json");
        await UploadAsync("2026-09-14", council.Weeks[2], "allocations.csv");  // a corrected extract for the 14th
        var later = await Job(tables).PullAsync("lcs");

        Assert.Equal(["2026-09-14", "2026-09-21"], later.Select(r => r.Extract));
        Assert.Equal(4, (await (await tables.StoresAsync()).Snapshots.ListAsync()).Count);
    }

    [Fact]
    public async Task A_refused_extract_is_stored_nowhere_reported_once_and_not_pulled_again_until_it_changes()
    {
        await using var tables = await WithSourcesAsync(BlobSources);
        var allocations = Path.Combine(council.Weeks[0], "allocations.csv");
        var lines = File.ReadAllLines(allocations);
        var cells = lines[2].Split(',');
        cells[4] = "child_in_need";  // case_type: not in the vocabulary
        lines[2] = string.Join(',', cells);
        File.WriteAllLines(allocations, lines);
        await UploadAsync("2026-09-07", council.Weeks[0]);

        var refused = Assert.Single(await Job(tables).PullAsync());
        var again = await Job(tables).PullAsync();

        Assert.Equal(PullOutcome.Refused, refused.Outcome);
        Assert.Contains(refused.Problems, p => p.File == "allocations.csv" && p.Line == 3);
        Assert.Empty(again);
        Assert.Empty(await (await tables.StoresAsync()).Snapshots.ListAsync());
        var record = (await (await tables.StoresAsync()).Pulls.ListAsync("lcs"))["2026-09-07"];
        Assert.Contains("allocations.csv:3", record.Report, StringComparison.Ordinal);

        var email = Assert.Single(Directory.GetFiles(council.Outbox, "*.eml", SearchOption.AllDirectories));
        var message = await MimeMessage.LoadAsync(email);
        Assert.Equal(DataTeam, message.To.Mailboxes.Single().Address);
        Assert.Contains("allocations.csv:3: case_type:", message.TextBody, StringComparison.Ordinal);
        var childId = lines[2].Split(',')[0];
        Assert.DoesNotContain(childId, message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_https_zip_is_fetched_with_its_credential_through_a_failure_and_refused_when_it_is_a_zip_bomb()
    {
        await using var endpoint = await Endpoint.StartAsync();
        await using var tables = await WithSourcesAsync(secret: "Bearer s3cret", json: $$"""
            {"sources": [
              {"id": "bi", "kind": "https", "url": "{{endpoint.Url}}snapshot.zip", "authHeader": "Authorization", "authSetting": "bi", "timeoutSeconds": 10, "retries": 2, "allowPrivateNetwork": true},
              {"id": "bomb", "kind": "https", "url": "{{endpoint.Url}}bomb.zip", "authHeader": "Authorization", "authSetting": "bi", "allowPrivateNetwork": true},
              {"id": "notzip", "kind": "https", "url": "{{endpoint.Url}}teams.csv", "authHeader": "Authorization", "authSetting": "bi", "allowPrivateNetwork": true},
              {"id": "truncated", "kind": "https", "url": "{{endpoint.Url}}truncated.zip", "authHeader": "Authorization", "authSetting": "bi", "allowPrivateNetwork": true},
              {"id": "huge", "kind": "https", "files": {"teams.csv": "{{endpoint.Url}}huge.csv", "workers.csv": "{{endpoint.Url}}huge.csv", "allocations.csv": "{{endpoint.Url}}huge.csv"}, "authHeader": "Authorization", "authSetting": "bi", "allowPrivateNetwork": true}
            ]}
            """);
        endpoint.Zip = Zip(council.Weeks[0]);
        endpoint.Teams = File.ReadAllBytes(Path.Combine(council.Weeks[0], "teams.csv"));
        endpoint.FailFirst = 1;
        await using var wrong = WithSecret(tables, "Bearer wrong");

        var pulled = Assert.Single(await Job(tables).PullAsync("bi"));
        var requestsForFirstPull = endpoint.Requests["/snapshot.zip"];
        var again = await Job(tables).PullAsync("bi");
        var wrongKey = await Assert.ThrowsAsync<PullFailedException>(() => Job(wrong).PullAsync("bi"));
        var bomb = Assert.Single(await Job(tables).PullAsync("bomb"));
        var notZip = Assert.Single(await Job(tables).PullAsync("notzip"));
        var truncated = Assert.Single(await Job(tables).PullAsync("truncated"));
        var huge = Assert.Single(await Job(tables).PullAsync("huge"));
        var refusedAgain = (await Job(tables).PullAsync("notzip")).Concat(await Job(tables).PullAsync("huge")).Concat(await Job(tables).PullAsync("bomb"));
        var emailsBeforeAChange = Directory.GetFiles(council.Outbox, "*.eml", SearchOption.AllDirectories).Length;
        endpoint.Teams = [.. endpoint.Teams, .. "\n"u8];
        var changed = Assert.Single(await Job(tables).PullAsync("notzip"));

        Assert.Equal(PullOutcome.Ingested, pulled.Outcome);
        Assert.Equal(2, requestsForFirstPull);  // a 503, then the zip
        Assert.Empty(again);
        Assert.Contains("401", wrongKey.Message, StringComparison.Ordinal);
        Assert.Contains("Reporting:SourceCredentials:bi", wrongKey.Message, StringComparison.Ordinal);
        Assert.Equal(PullOutcome.Refused, bomb.Outcome);
        Assert.Contains("zip bomb", Assert.Single(bomb.Problems).Message, StringComparison.Ordinal);
        Assert.Equal(PullOutcome.Refused, notZip.Outcome);
        Assert.Contains("not a zip", Assert.Single(notZip.Problems).Message, StringComparison.Ordinal);
        Assert.Equal(PullOutcome.Refused, truncated.Outcome);
        Assert.Contains("truncated", Assert.Single(truncated.Problems).Message, StringComparison.Ordinal);
        Assert.Equal(PullOutcome.Refused, huge.Outcome);
        Assert.Contains("2,147,483,648 bytes, more than the 1,073,741,824 accepted", Assert.Single(huge.Problems).Message, StringComparison.Ordinal);
        Assert.Empty(refusedAgain);  // the same bytes, or the same headers, refused before: not reported again
        Assert.Equal(4, emailsBeforeAChange);
        Assert.Equal(PullOutcome.Refused, changed.Outcome);
        Assert.NotEqual(notZip.Extract, changed.Extract);
        Assert.Equal(5, Directory.GetFiles(council.Outbox, "*.eml", SearchOption.AllDirectories).Length);
        Assert.Single(await (await tables.StoresAsync()).Snapshots.ListAsync());
    }

    [Fact]
    public async Task An_annex_a_workbook_in_a_container_is_pulled_with_its_roster_once_until_it_changes()
    {
        await using var tables = await WithSourcesAsync($$"""{"sources": [{"id": "ofsted", "kind": "annexa", "container": "{{container}}", "workbook": "annex-a/annex-a.xlsx", "roster": "roster/"}]}""");
        var roster = Caseload.Reporting.Ingest.Canonical.SnapshotReader.Read(council.Weeks[0]);
        var worker = roster.Workers.First(w => w.Role == Caseload.Reporting.Snapshots.Role.SocialWorker);
        var team = roster.Teams.Single(t => t.Id == worker.TeamId);
        var parts = worker.Name.Split(' ');
        var workbook = AnnexAWorkbooks.Write(Path.Combine(council.Root, "annex-a.xlsx"), ("List 6", [
            ["Annex A List 6"],
            ["Child Unique ID", "Case Status", "Allocated Team", "Allocated Worker"],
            ["7000001", "b) CP plan", team.Name, $"{parts[^1]}, {parts[0]}"],
            ["7000002", "c)", team.Name, "Not On Roster"],
        ]));
        var client = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(container);
        await client.CreateIfNotExistsAsync();
        await client.GetBlobClient("annex-a/annex-a.xlsx").UploadAsync(workbook, overwrite: true);
        await client.GetBlobClient("roster/teams.csv").UploadAsync(Path.Combine(council.Weeks[0], "teams.csv"), overwrite: true);
        await client.GetBlobClient("roster/workers.csv").UploadAsync(Path.Combine(council.Weeks[0], "workers.csv"), overwrite: true);

        var pulled = Assert.Single(await Job(tables).PullAsync());
        var again = await Job(tables).PullAsync();

        Assert.Equal(PullOutcome.Ingested, pulled.Outcome);
        Assert.Empty(again);
        var stored = Assert.Single(await (await tables.StoresAsync()).Snapshots.ListAsync());
        Assert.Equal("annex-a", stored.Source);
        var caseloads = await (await tables.StoresAsync()).Snapshots.LoadCaseloadsAsync(stored);
        Assert.Equal(1, caseloads.Workers.Single(w => w.Worker.Id == worker.Id).Children);
        Assert.Equal(1, caseloads.Teams.Single(t => t.Team.Id == team.Id).Unallocated);
        var unmatched = Assert.Single(caseloads.Warnings, w => w.Code == "annexa_worker_unmatched");  // stored with the snapshot's data quality
        Assert.Equal(("annex-a.xlsx", 4), (unmatched.File, unmatched.Line));
    }

    private static byte[] Zip(string folder)
    {
        using var bytes = new MemoryStream();
        using (var zip = new ZipArchive(bytes, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.GetFiles(folder))
            {
                zip.CreateEntryFromFile(file, $"extract/{Path.GetFileName(file)}");
            }
        }

        return bytes.ToArray();
    }

    [Fact]
    public async Task Ssd_tables_are_pulled_from_a_blob_drop_once_complete_and_from_an_https_zip_and_kept_as_received()
    {
        using var ssd = new CouncilFolders(weeks: 2, workers: 20, format: "ssd");
        await using var endpoint = await Endpoint.StartAsync();
        await using var tables = await WithSourcesAsync(secret: "Bearer s3cret", json: $$"""
            {"sources": [
              {"id": "lcs", "kind": "blob", "container": "{{container}}", "prefix": "caseload/"},
              {"id": "bi", "kind": "https", "url": "{{endpoint.Url}}snapshot.zip", "authHeader": "Authorization", "authSetting": "bi", "allowPrivateNetwork": true}
            ]}
            """);
        var files = Directory.GetFiles(ssd.Weeks[0]).Select(Path.GetFileName).ToArray();
        await UploadAsync("2026-09-07", ssd.Weeks[0], [.. files.Where(f => f != "ssd_cin_episodes.csv")!]);  // still being written
        var incomplete = await Job(tables).PullAsync("lcs");
        await UploadAsync("2026-09-07", ssd.Weeks[0], "ssd_cin_episodes.csv");
        endpoint.Zip = Zip(ssd.Weeks[1]);

        var fromBlob = Assert.Single(await Job(tables).PullAsync("lcs"));
        var fromZip = Assert.Single(await Job(tables).PullAsync("bi"));

        Assert.Empty(incomplete);
        Assert.True(fromZip.Outcome == PullOutcome.Ingested, string.Join("; ", fromZip.Problems));
        Assert.Equal(PullOutcome.Ingested, fromBlob.Outcome);
        var stored = await (await tables.StoresAsync()).Snapshots.ListAsync();
        Assert.Equal(2, stored.Count);
        Assert.All(stored, s => Assert.Equal(
            files.Where(f => f!.StartsWith("ssd_", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
            s.FileHashes.Keys.Where(f => f.StartsWith("ssd_", StringComparison.Ordinal)).Order(StringComparer.Ordinal)));
        Assert.Equal(SnapshotReaderCount(ssd.Weeks[1]), stored.Single(s => s.AsOf == new NodaTime.LocalDate(2026, 9, 14)).Allocations);
    }

    private static int SnapshotReaderCount(string folder) => Ingest.Canonical.SnapshotReader.Read(folder).Allocations.Count;

    [Fact]
    public async Task A_redirect_is_followed_with_the_credential_only_to_the_address_given()
    {
        await using var endpoint = await Endpoint.StartAsync();
        await using var elsewhere = await Endpoint.StartAsync(credential: null);
        endpoint.Zip = Zip(council.Weeks[0]);
        elsewhere.Zip = Zip(council.Weeks[1]);
        endpoint.Redirects["/here.zip"] = "/snapshot.zip";
        endpoint.Redirects["/presigned.zip"] = $"{elsewhere.Url}snapshot.zip";
        endpoint.Redirects["/loop.zip"] = "/loop.zip";
        endpoint.Redirects["/plain.zip"] = "http://extracts.example/snapshot.zip";
        string Source(string id, string file) => $$"""{"id": "{{id}}", "kind": "https", "url": "{{endpoint.Url}}{{file}}", "authHeader": "X-Api-Key", "authSetting": "bi", "retries": 0, "allowPrivateNetwork": true}""";
        await using var tables = await WithSourcesAsync(secret: "Bearer s3cret", json: $$"""
            {"sources": [{{Source("same", "here.zip")}}, {{Source("away", "presigned.zip")}}, {{Source("loop", "loop.zip")}}, {{Source("plain", "plain.zip")}}]}
            """);

        var same = Assert.Single(await Job(tables).PullAsync("same"));
        var away = Assert.Single(await Job(tables).PullAsync("away"));
        var loop = await Assert.ThrowsAsync<PullFailedException>(() => Job(tables).PullAsync("loop"));
        var plain = await Assert.ThrowsAsync<PullFailedException>(() => Job(tables).PullAsync("plain"));

        Assert.Equal((PullOutcome.Ingested, PullOutcome.Ingested), (same.Outcome, away.Outcome));
        Assert.Equal(["Bearer s3cret"], endpoint.Credentials["/snapshot.zip"]);  // the same host and port: the credential goes on
        Assert.Equal([""], elsewhere.Credentials["/snapshot.zip"]);              // another: it does not
        Assert.Contains("redirected more than 5 times", loop.Message, StringComparison.Ordinal);
        Assert.Contains("not https", plain.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await (await tables.StoresAsync()).Snapshots.ListAsync()).Count);
    }

    [Fact]
    public async Task Pull_tries_every_source_names_the_one_it_could_not_pull_with_why_stores_the_next_and_exits_non_zero()
    {
        await using var endpoint = await Endpoint.StartAsync();
        await using var tables = await WithSourcesAsync(secret: "Bearer s3cret", json: $$"""
            {"sources": [{"id": "bi", "kind": "https", "url": "{{endpoint.Url}}snapshot.zip", "authHeader": "X-Api-Key", "authSetting": "bi", "allowPrivateNetwork": false},
                         {"id": "lcs", "kind": "blob", "container": "{{container}}", "prefix": "caseload/"}]}
            """);
        await UploadAsync("2026-09-07", council.Weeks[0]);

        var pulled = tables.Cli(TimeProvider.System, "pull");

        Assert.Equal(1, pulled.Exit);
        var lines = pulled.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("bi: not pulled: source 'bi': the zip: 127.0.0.1 is at 127.0.0.1, a private, loopback or link-local address; a source may reach one only with \"allowPrivateNetwork\": true in sources.json", lines[0]);
        Assert.Matches(@"^lcs: 2026-09-07 stored as 2026-09-07\.[0-9a-f]+$", lines[1]);
        Assert.Single(await (await tables.StoresAsync()).Snapshots.ListAsync());
        Assert.Equal(0, endpoint.Requests.Values.Sum());
        Assert.Equal((0, "lcs: nothing new\n"), (tables.Cli(TimeProvider.System, "pull", "--source", "lcs").Exit, tables.Cli(TimeProvider.System, "pull", "--source", "lcs").Out));
    }

    [Fact]
    public async Task A_source_at_a_private_address_is_refused_before_it_is_asked_unless_it_allows_the_private_network()
    {
        await using var endpoint = await Endpoint.StartAsync();
        endpoint.Zip = Zip(council.Weeks[0]);
        var port = new Uri(endpoint.Url).Port;
        endpoint.Redirects["/inwards.zip"] = $"http://127.0.0.1:{port}/snapshot.zip";
        string Source(string id, string url, bool allow) => $$"""{"id": "{{id}}", "kind": "https", "url": "{{url}}", "authHeader": "X-Api-Key", "authSetting": "bi", "retries": 3, "allowPrivateNetwork": {{(allow ? "true" : "false")}}}""";
        await using var tables = await WithSourcesAsync(secret: "Bearer s3cret", json: $$"""
            {"sources": [{{Source("loopback", endpoint.Url + "snapshot.zip", allow: false)}}, {{Source("named", $"http://localhost:{port}/snapshot.zip", allow: false)}},
                         {{Source("metadata", "https://169.254.169.254/metadata/identity", allow: false)}}, {{Source("gateway", endpoint.Url + "inwards.zip", allow: true)}}]}
            """);

        var loopback = await Assert.ThrowsAsync<SourceUnusableException>(() => Job(tables).PullAsync("loopback"));
        var named = await Assert.ThrowsAsync<SourceUnusableException>(() => Job(tables).PullAsync("named"));
        var metadata = await Assert.ThrowsAsync<SourceUnusableException>(() => Job(tables).PullAsync("metadata"));
        var requestsBefore = endpoint.Requests.Values.Sum();
        var gateway = Assert.Single(await Job(tables).PullAsync("gateway"));

        Assert.Equal("source 'loopback': the zip: 127.0.0.1 is at 127.0.0.1, a private, loopback or link-local address; a source may reach one only with \"allowPrivateNetwork\": true in sources.json", loopback.Message);
        Assert.Contains("localhost is at ", named.Message, StringComparison.Ordinal);
        Assert.Contains("169.254.169.254 is at 169.254.169.254", metadata.Message, StringComparison.Ordinal);
        Assert.Equal(0, requestsBefore);  // refused before a byte was sent, and not retried
        Assert.Equal(PullOutcome.Ingested, gateway.Outcome);
        Assert.False(SourceClients.IsInternal(System.Net.IPAddress.Parse("51.140.1.1")));
        Assert.All(new[] { "10.0.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1" },
            a => Assert.True(SourceClients.IsInternal(System.Net.IPAddress.Parse(a)), a));
    }

    /// <summary>
    /// A loopback endpoint serving a snapshot zip behind a credential (sent as Authorization or X-Api-Key), failing its
    /// first requests with 503 when told, redirecting the paths it is given, and keeping the credential each request carried.
    /// </summary>
    private sealed class Endpoint : IAsyncDisposable
    {
        private readonly WebApplication app;
        private readonly string? credential;

        private Endpoint(WebApplication app, string? credential) => (this.app, this.credential) = (app, credential);

        public string Url => app.Urls.First() + "/";

        public byte[] Zip { get; set; } = [];

        public byte[] Teams { get; set; } = [];

        public int FailFirst { get; set; }

        public Dictionary<string, int> Requests { get; } = [];

        public Dictionary<string, List<string>> Credentials { get; } = [];

        public Dictionary<string, string> Redirects { get; } = [];

        public static async Task<Endpoint> StartAsync(string? credential = "Bearer s3cret")
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var endpoint = new Endpoint(app, credential);
            app.MapGet("/{file}", endpoint.Serve);
            await app.StartAsync();
            return endpoint;
        }

        public ValueTask DisposeAsync() => app.DisposeAsync();

        private IResult Serve(HttpContext context, string file)
        {
            var path = context.Request.Path.Value!;
            var given = context.Request.Headers.Authorization.Concat(context.Request.Headers["X-Api-Key"]).FirstOrDefault() ?? "";
            lock (Requests)
            {
                Requests[path] = Requests.GetValueOrDefault(path) + 1;
                (Credentials.TryGetValue(path, out var seen) ? seen : Credentials[path] = []).Add(given);
            }

            if (credential is not null && given != credential)
            {
                return Results.StatusCode(401);
            }

            if (Redirects.TryGetValue(path, out var location))
            {
                return Results.Redirect(location);
            }

            if (FailFirst > 0)
            {
                FailFirst--;
                return Results.StatusCode(503);
            }

            if (file == "huge.csv")
            {
                return new Huge();
            }

            return file switch
            {
                "snapshot.zip" => Results.Bytes(Zip, "application/zip"),
                "truncated.zip" => Results.Bytes(Zip[..(Zip.Length / 2)], "application/zip"),
                "bomb.zip" => Results.Bytes(Bomb(), "application/zip"),
                _ => Results.Bytes(Teams, "text/csv"),
            };
        }

        /// <summary>Says it is 2 GiB and sends its headers only: the pull must refuse it from the header, before reading the body.</summary>
        private sealed class Huge : IResult
        {
            public async Task ExecuteAsync(HttpContext httpContext)
            {
                httpContext.Response.ContentLength = 2L << 30;
                await httpContext.Response.StartAsync();
                await httpContext.Response.Body.FlushAsync();
                await Task.Delay(TimeSpan.FromSeconds(1));
                httpContext.Abort();
            }
        }

        private static byte[] Bomb()
        {
            using var bytes = new MemoryStream();
            using (var zip = new ZipArchive(bytes, ZipArchiveMode.Create, leaveOpen: true))
            {
                var bomb = zip.CreateEntry("allocations.csv", CompressionLevel.SmallestSize);
                bomb.LastWriteTime = new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);  // the same bytes each time it is served
                using var entry = bomb.Open();
                var zeros = new byte[1 << 20];
                for (var i = 0; i < 64; i++)
                {
                    entry.Write(zeros);
                }
            }

            return bytes.ToArray();
        }
    }
}
