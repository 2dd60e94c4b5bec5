using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Jobs.Actions;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Weekly;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using MimeKit;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>
/// The breach page in a real browser: Debian's Chromium, headless, driven by Playwright, against the Functions
/// handler listening on loopback as the host forwards to it. The link comes from a generated weekly email; the
/// manager acts in two clicks and a date on a phone-sized screen, and the action is read back from storage.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class BreachPageBrowserTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BreachSite? site;
    private IBrowser? browser;

    private string BaseUrl => site!.BaseUrl;

    public async Task InitializeAsync() => browser = await Chromium.BrowserAsync();

    public async Task DisposeAsync()
    {
        if (site is not null)
        {
            await site.DisposeAsync();
        }
    }

    /// <summary>The handler with a generated week in its storage, started for the tests that follow a link.</summary>
    private async Task<BreachSite> SiteAsync() => site ??= await BreachSite.StartAsync(azurite);

    [Fact]
    public async Task A_workers_subject_access_page_at_800_pixels_cuts_nothing_and_gives_each_line_one_bullet()
    {
        // What is stored about a worker with a long name, team and address, away, with a message's lines as the email gave them.
        var stored = new Caseload.Reporting.Staff.SubjectAccess(
            "SW100037",
            new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero),
            [new Caseload.Reporting.Staff.RosterFacts(new LocalDate(2025, 11, 3), new LocalDate(2026, 10, 26), 52, "Tariq O'Brien-Fitzgerald", "tariq.obrien-fitzgerald.children-in-care@childrensservices.council.example", "Chatham Children in Care Team (North)", Caseload.Reporting.Snapshots.Role.AdvancedPractitioner, 0.8m, false, true, new LocalDate(2026, 9, 14), new LocalDate(2026, 11, 30))],
            [new Caseload.Reporting.Staff.WeekAboutWorker(new IsoWeek(2026, 44), new LocalDate(2026, 10, 26), "Tariq O'Brien-Fitzgerald", "Chatham Children in Care Team (North)", 0.8m, 24, 27.5m, 16m, Caseload.Reporting.Evaluation.Band.Red, new LocalDate(2026, 9, 14), 7, true)],
            [],
            [new Caseload.Reporting.Staff.NotificationAboutWorker("2026-W44", Caseload.Reporting.Notifications.NotificationKind.TeamManager, "manager@council.example", "Chatham Children in Care Team (North): 2 over their limit", new DateTimeOffset(2026, 10, 26, 7, 5, 0, TimeSpan.Zero),
                ["- Tariq O'Brien-Fitzgerald (advanced practitioner, 0.8 FTE): 24 cases, limit 16, over since 14 Sep 2026", "• Suggested: move 2 cases from Tariq O'Brien-Fitzgerald to another worker", "Away: Tariq O'Brien-Fitzgerald, from 14 Sep 2026"])]);
        var access = Caseload.Reporting.Content.Pages.SubjectAccessPage.Of(stored, NodaTime.DateTimeZoneProviders.Tzdb["Europe/London"]);
        var renderer = new Caseload.Reporting.Content.TemplateRenderer();
        string html;
        await using (renderer)
        {
            html = await renderer.RenderAsync<Caseload.Reporting.Content.Templates.SubjectAccessView>(access, access.Title, Caseload.Reporting.Content.Pages.SubjectAccessPage.StyleSheet);
        }

        await using var context = await browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 800, Height = 900 }, Locale = "en-GB" });
        var page = await context.NewPageAsync();
        await page.SetContentAsync(html);

        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page runs off the right edge");
        var cut = await page.EvaluateAsync<string[]>("[...document.querySelectorAll('th, td')].filter(c => c.scrollWidth > c.clientWidth || c.getBoundingClientRect().right > window.innerWidth).map(c => c.textContent)");
        Assert.Empty(cut);
        Assert.Equal("from 14 Sep 2026 to 30 Nov 2026", await page.Locator("table").First.Locator("td").Last.InnerTextAsync());   // Long absence, the last column
        var lines = await page.Locator("section li").AllInnerTextsAsync();
        Assert.Equal(3, lines.Count);
        Assert.All(lines, line => Assert.DoesNotMatch(@"^\s*[-•*] ", line));
        Assert.StartsWith("Tariq O'Brien-Fitzgerald (advanced practitioner", lines[0], StringComparison.Ordinal);
        Assert.Empty(await Axe.ViolationsAsync(page));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "subject-access-800.png"), FullPage = true });
    }

    [Fact]
    public async Task A_manager_opens_the_link_on_a_phone_records_an_action_and_sees_it_recorded()
    {
        var (link, worker) = await (await SiteAsync()).LinkFromEmailAsync();
        await using var context = await browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, Locale = "en-GB" });
        var page = await context.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);

        var opened = await page.GotoAsync(link);
        var heading = await page.Locator("h1").InnerTextAsync();
        var accessibility = await Axe.ViolationsAsync(page);
        var fitsThePhone = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth");
        await page.Locator("#kind-reallocate").CheckAsync();
        await page.Locator("#until").FillAsync("2026-12-04");
        await page.Locator("#note").FillAsync("Two cases to move <b>this week</b>");
        await page.Locator("button[type=submit]").ClickAsync();
        var confirmation = await page.Locator("[role=status]").InnerTextAsync();
        var history = await page.Locator("ol.history").InnerTextAsync();
        var note = await page.Locator("ol.history .note").InnerHTMLAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "breach-page.png"), FullPage = true });

        Assert.Equal(200, opened!.Status);
        Assert.Equal(worker, heading);
        Assert.Empty(accessibility);
        Assert.True(fitsThePhone, "the page scrolls sideways on a phone");
        Assert.StartsWith("Recorded: Reallocating cases, to be done by 4 December 2026", confirmation, StringComparison.Ordinal);
        Assert.Contains("(current)", history, StringComparison.Ordinal);
        Assert.Equal("Two cases to move &lt;b&gt;this week&lt;/b&gt;", note);  // shown as the text typed
        Assert.All(requests, url => Assert.StartsWith(BaseUrl + "/api/breach/", url, StringComparison.Ordinal));  // nothing loaded from elsewhere
        var stored = Assert.Single(await site!.App.Services.GetRequiredService<ActionJob>().ListAsync(new IsoWeek(2026, 47)));
        Assert.Equal((Actions.ActionKind.Reallocate, new LocalDate(2026, 12, 4), "Two cases to move <b>this week</b>"), (stored.Action.Kind, stored.Action.Until, stored.Action.Note));
        Assert.Equal(worker, stored.Worker);
    }

    [Fact]
    public async Task A_tampered_or_expired_link_gets_a_plain_403_page_in_the_browser()
    {
        var (link, worker) = await (await SiteAsync()).LinkFromEmailAsync();
        await using var context = await browser!.NewContextAsync();
        var page = await context.NewPageAsync();
        var tampered = link[..^4] + (link[^4] == 'x' ? "y" : "x") + link[^3..];

        var forged = await page.GotoAsync(tampered);
        var forgedText = await page.Locator("main").InnerTextAsync();
        var garbage = await page.GotoAsync($"{BaseUrl}/api/breach/%3Cscript%3E");
        site!.Clock.Advance(TimeSpan.FromDays(15));
        var expired = await page.GotoAsync(link);
        var expiredText = await page.Locator("main").InnerTextAsync();

        Assert.Equal((403, 403, 403), (forged!.Status, garbage!.Status, expired!.Status));
        Assert.Contains("This link cannot be used", forgedText, StringComparison.Ordinal);
        Assert.Contains("This link no longer works", expiredText, StringComparison.Ordinal);
        Assert.DoesNotContain(worker, forgedText + expiredText, StringComparison.Ordinal);
        Assert.Equal("no-referrer", await forged.HeaderValueAsync("referrer-policy"));
        Assert.Contains("default-src 'none'", await forged.HeaderValueAsync("content-security-policy") ?? "", StringComparison.Ordinal);
    }
}
