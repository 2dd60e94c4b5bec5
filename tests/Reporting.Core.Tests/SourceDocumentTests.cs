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
               "authHeader": "Authorization", "authSetting": "bi"}
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

    [Theory]
    [InlineData("Reporting:SendGrid:ApiKey")]
    [InlineData("Reporting:Signing:Key")]
    [InlineData("../SendGrid")]
    [InlineData("ConnectionStrings:Storage")]
    [InlineData("")]
    public void An_auth_setting_names_only_a_credential_of_its_own_section(string setting)
    {
        var refused = Assert.Throws<InvalidInputException>(() => SourceDocument.Parse($$"""
            {"sources": [{"id": "bi", "kind": "https", "url": "https://bi.example/x.zip", "authHeader": "Authorization", "authSetting": "{{setting}}"}]}
            """));

        var problem = Assert.Single(refused.Problems);
        Assert.Equal(("sources.json", "sources[0].authSetting"), (problem.File, problem.Column));
        Assert.Contains("Reporting:SourceCredentials", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"timeoutSeconds\": 1e20", "sources[0].timeoutSeconds", "a number from 1 to 600")]
    [InlineData("\"timeoutSeconds\": 0", "sources[0].timeoutSeconds", "a number from 1 to 600")]
    [InlineData("\"timeoutSeconds\": 1e400", "sources[0].timeoutSeconds", "a number from 1 to 600")]
    [InlineData("\"retries\": 40", "sources[0].retries", "a whole number from 0 to 10")]
    [InlineData("\"retries\": 2.5", "sources[0].retries", "a whole number from 0 to 10")]
    [InlineData("\"retries\": -1", "sources[0].retries", "a whole number from 0 to 10")]
    [InlineData("\"retries\": \"3\"", "sources[0].retries", "expected a number")]
    [InlineData("\"url\": \"https://bi.example/x.zip\", \"url\": \"https://other.example/y.zip\"", "sources[0].url", "given more than once")]
    [InlineData("\"authHeader\": \"Authorization: Bearer x\\r\\nHost\"", "sources[0].authHeader", "a header's name")]
    [InlineData("\"id\": \"a/b\"", "sources[0].id", "a short name")]
    public void A_setting_out_of_bounds_or_given_twice_is_refused_at_its_path(string field, string path, string expected)
    {
        string[] others = ["\"id\": \"bi\"", "\"url\": \"https://bi.example/x.zip\"", "\"authHeader\": \"X-Api-Key\"", "\"authSetting\": \"bi\""];
        var fields = string.Join(", ", [.. others.Where(o => !field.StartsWith(o[..o.IndexOf(':')], StringComparison.Ordinal)), field]);
        var refused = Assert.Throws<InvalidInputException>(() => SourceDocument.Parse($$"""
            {"sources": [{"kind": "https", {{fields}}}]}
            """));

        var problem = Assert.Single(refused.Problems, p => p.Column == path);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bounded_settings_at_their_limits_are_taken()
    {
        var https = Assert.IsType<HttpsSource>(Assert.Single(SourceDocument.Parse("""
            {"sources": [{"id": "bi_2", "kind": "https", "url": "https://bi.example/x.zip", "authHeader": "X-Api-Key", "authSetting": "bi-token", "timeoutSeconds": 600, "retries": 10}]}
            """).Sources));

        Assert.Equal((TimeSpan.FromMinutes(10), 10, "bi-token"), (https.Timeout, https.Retries, https.AuthSetting));
    }

    [Fact]
    public void A_container_that_cannot_be_one_is_refused()
    {
        var refused = Assert.Throws<InvalidInputException>(() => SourceDocument.Parse("""
            {"sources": [{"id": "lcs", "kind": "blob", "container": "Extracts--Here"}]}
            """));

        Assert.Equal("sources[0].container", Assert.Single(refused.Problems).Column);
    }
}
