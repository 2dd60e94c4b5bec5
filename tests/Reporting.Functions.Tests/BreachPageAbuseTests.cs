using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Caseload.Reporting.Cli;
using Microsoft.Extensions.Configuration;

namespace Caseload.Reporting.Tests;

/// <summary>
/// The breach page as an attacker meets it, over real HTTP on loopback: bodies too large or malformed, with or
/// without a good link, get a 4xx page and never a 500; a flood from one client gets 429; every answer carries HSTS;
/// no log line holds a link; a link withdrawn with <c>reporting links withdraw</c> is refused.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class BreachPageAbuseTests(AzuriteFixture azurite) : IAsyncLifetime, IDisposable
{
    private BreachSite? site;
    private HttpClient? http;

    public async Task InitializeAsync()
    {
        site = await BreachSite.StartAsync(azurite, new Dictionary<string, string?> { ["Reporting:Actions:RequestsPerMinute"] = "20" });
        http = new HttpClient { BaseAddress = new Uri(site.BaseUrl) };
    }

    public void Dispose() => http?.Dispose();

    public async Task DisposeAsync()
    {
        if (site is not null)
        {
            await site.DisposeAsync();
        }
    }

    private async Task<(HttpStatusCode Status, string Page)> PostAsync(string link, HttpContent content, string client)
    {
        // Expect: 100-continue, so that a server answering before it reads the body (as it should, for a forged link
        // or an oversized one) is heard instead of the client failing to send what the server will not read.
        using var request = new HttpRequestMessage(HttpMethod.Post, link) { Content = content };
        request.Headers.ExpectContinue = true;
        request.Headers.Add("X-Forwarded-For", client);
        using var response = await http!.SendAsync(request);
        Assert.Equal("max-age=31536000; includeSubDomains", response.Headers.GetValues("Strict-Transport-Security").Single());
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static HttpContent Form(string body, bool chunked = false)
    {
        HttpContent content = chunked ? new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body))) : new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        if (chunked)
        {
            content.Headers.ContentLength = null;
        }

        return content;
    }

    [Fact]
    public async Task Hostile_posts_get_a_4xx_page_and_never_a_500_with_or_without_a_good_link()
    {
        var (link, _) = await site!.LinkFromEmailAsync();
        var forged = link[..^6] + "AAAAAA";
        var huge = new string('a', 29 * 1024 * 1024);
        var seventeen = string.Join('&', Enumerable.Range(0, 17).Select(i => $"f{i}=x"));
        var multipart = new MultipartFormDataContent { { new StringContent("reallocate"), "kind" } };

        var answers = new List<(string What, HttpStatusCode Status, string Page)>();
        async Task Try(string what, string to, HttpContent content)
        {
            var (status, page) = await PostAsync(to, content, "198.51.100.1");
            answers.Add((what, status, page));
        }

        await Try("29 MB, forged link", forged, Form(huge));
        await Try("29 MB chunked, forged link", forged, Form(huge, chunked: true));
        await Try("29 MB", link, Form(huge));
        await Try("20 KB value sent chunked", link, Form("kind=support&note=" + new string('n', 20 * 1024), chunked: true));
        await Try("17 fields", link, Form(seventeen));
        await Try("multipart", link, multipart);
        await Try("not a form", link, new StringContent("{\"kind\": \"support\"}", Encoding.UTF8, "application/json"));
        await Try("broken escapes", link, Form("kind=%ZZ%&until=%E0%A4%A&&&==&note=%00"));

        Assert.All(answers, a => Assert.InRange((int)a.Status, 400, 499));
        Assert.Equal(
            [HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest],
            answers.Select(a => a.Status));
        Assert.Contains("What you sent is too long", answers[2].Page, StringComparison.Ordinal);
        Assert.Contains("What you sent could not be read", answers[5].Page, StringComparison.Ordinal);
        Assert.Contains("Choose what you are doing.", answers[4].Page, StringComparison.Ordinal);  // the page's own form problems
    }

    [Fact]
    public async Task A_flood_from_one_client_gets_429_while_another_client_is_answered()
    {
        var (link, _) = await site!.LinkFromEmailAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 25; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, link);
            request.Headers.Add("X-Forwarded-For", "203.0.113.9:50123");
            using var response = await http!.SendAsync(request);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("60", response.Headers.GetValues("Retry-After").Single());
                Assert.Contains("Too many requests", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        using var other = new HttpRequestMessage(HttpMethod.Get, link);
        other.Headers.Add("X-Forwarded-For", "203.0.113.9, 192.0.2.44:40000");  // the flooding address as a forged first hop: the client is the hop the front end added
        using var answered = await http!.SendAsync(other);

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 20).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 5)), statuses);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }

    [Fact]
    public async Task No_log_line_holds_a_link_at_any_level()
    {
        var (link, _) = await site!.LinkFromEmailAsync();
        var token = link[(link.LastIndexOf('/') + 1)..];
        using (await http!.GetAsync(link))
        {
        }

        await PostAsync(link, Form("kind=support&until=2026-11-30&note=x"), "198.51.100.2");
        await PostAsync(link, Form(new string('a', 40_000)), "198.51.100.2");

        Assert.NotEmpty(site.Logs);
        Assert.DoesNotContain(site.Logs, line => line.Contains(token[..20], StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_link_withdrawn_from_the_command_line_is_refused_and_the_page_says_until_when_a_link_works()
    {
        var (link, name) = await site!.LinkFromEmailAsync();
        var opened = await http!.GetStringAsync(link);
        var worker = site.WorkerIdOf(name);

        var (exit, output, _) = Cli(["links", "withdraw", "--week", "2026-W47", "--worker", worker, "--by", "it@council.example"]);
        using var refused = await http.GetAsync(link);
        var page = await refused.Content.ReadAsStringAsync();

        Assert.Contains("This link works until 30 November 2026, 00:00", opened, StringComparison.Ordinal);
        Assert.Equal(0, exit);
        Assert.Contains($"withdrawn: the links to {worker}'s breach page sent for 2026-W47", output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("This link has been withdrawn", page, StringComparison.Ordinal);
    }

    private (int Exit, string Out, string Error) Cli(string[] args)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(site!.Settings).Build();
        var exit = ReportingCli.Run(args, stdout, stderr, configuration);
        return (exit, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }
}
