using Caseload.Reporting.Sources;

namespace Caseload.Reporting.Tests;

public class SourceDocumentTests
{
    [Fact]
    public void Blob_and_https_sources_read_with_their_defaults()
    {
        var list = SourceDocument.Parse("""
            {"version": "2026-11-a", "sources": [
              {"id": "lcs", "kind": "blob", "container": "extracts", "prefix": "/caseload"},
              {"id": "bi", "kind": "https", "files": {"teams.csv": "https://bi.example/t", "workers.csv": "https://bi.example/w", "allocations.csv": "https://bi.example/a"},
               "authHeader": "Authorization", "authSetting": "Reporting:Secrets:Bi"}
            ]}
            """);

        Assert.Equal("2026-11-a", list.Version);
        Assert.Equal(new BlobSource("lcs", "extracts", "caseload/"), list.Sources[0]);
        var https = Assert.IsType<HttpsSource>(list.Sources[1]);
        Assert.Null(https.Zip);
        Assert.Equal(3, https.Files.Count);
        Assert.Equal((TimeSpan.FromSeconds(100), 3), (https.Timeout, https.Retries));
    }

    [Fact]
    public void A_wrong_source_list_is_refused_with_every_problem_at_its_path()
    {
        var refused = Assert.Throws<InvalidInputException>(() => SourceDocument.Parse("""
            {"sources": [
              {"id": "a", "kind": "ftp"},
              {"id": "b", "kind": "https", "url": "http://bi.example/extract.zip", "authHeader": "Authorization"},
              {"id": "c", "kind": "blob"},
              {"id": "a", "kind": "annexa"}
            ]}
            """));

        var paths = refused.Problems.Select(p => p.Column).ToList();
        Assert.Contains("sources[0].kind", paths);
        Assert.Contains("sources[1].url", paths);   // plain http off this machine
        Assert.Contains("sources[1]", paths);       // a header without the setting holding its value
        Assert.Contains("sources[2].container", paths);
        Assert.Contains("sources[3].container", paths);
        Assert.Contains("sources[3].workbook", paths);
    }
}
