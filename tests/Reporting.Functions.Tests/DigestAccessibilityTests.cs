using Caseload.Reporting.Jobs.Monthly;
using Caseload.Reporting.Jobs.Settings;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;

namespace Caseload.Reporting.Tests;

/// <summary>The leadership digest's HTML in Debian's Chromium, checked by axe-core: readable by everyone, colour contrast included.</summary>
[Collection(AzuriteTests.Name)]
public sealed class DigestAccessibilityTests(AzuriteFixture azurite)
{
    private static readonly string[] ChromiumFlags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    [Fact]
    public async Task The_digest_email_has_no_accessibility_violations_in_chromium()
    {
        await using var site = await BreachSite.StartAsync(azurite, new Dictionary<string, string?> { ["Reporting:Email:LeadershipTo"] = "director@council.example" });
        await site.LinkFromEmailAsync();
        await site.App.Services.GetRequiredService<SettingsJob>().SetPlanAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plan.json")));
        site.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 7, 0, 0, TimeSpan.Zero));
        await site.App.Services.GetRequiredService<MonthlyJob>().RunAsync(new NodaTime.YearMonth(2026, 11));
        var digest = await MimeMessage.LoadAsync(Assert.Single(Directory.GetFiles(Path.Combine(site.Outbox, "2026-11"), "*.eml")));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumFlags });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 600, Height = 900 } });
        await page.SetContentAsync(digest.HtmlBody!);
        var result = await page.RunAxe();

        Assert.Empty(result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join("; ", v.Nodes.Take(2).Select(n => n.Html))})"));
    }
}
