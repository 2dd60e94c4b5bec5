using Caseload.Reporting.Jobs.Monthly;
using Caseload.Reporting.Jobs.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;

namespace Caseload.Reporting.Tests;

/// <summary>
/// Every HTML email of a week and a month (each team manager's, each head of service's roll-up, the leadership
/// digest) in Debian's Chromium, checked by axe-core against WCAG 2.1 A and AA, colour contrast included. The
/// landmark rules are best practice rather than WCAG, and mail clients strip landmarks anyway, so they are not run.
/// The refused-extract email is plain text only: there is nothing in it for axe to check.
/// </summary>
public sealed class DigestAccessibilityTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Every_html_email_of_a_week_and_a_month_passes_wcag_2_1_aa_in_chromium()
    {
        await using var site = await BreachSite.StartAsync(azurite, new Dictionary<string, string?> { ["Reporting:Email:LeadershipTo"] = "director@council.example", ["Reporting:Council:Code"] = "887" });
        await site.LinkFromEmailAsync();
        await site.App.Services.GetRequiredService<SettingsJob>().SetPlanAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plan.json")));
        site.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 7, 0, 0, TimeSpan.Zero));
        await site.App.Services.GetRequiredService<MonthlyJob>().RunAsync(new NodaTime.YearMonth(2026, 11));
        var emails = Directory.GetFiles(site.Outbox, "*.eml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.Contains(emails, e => Path.GetFileName(e).StartsWith("team_manager-", StringComparison.Ordinal));
        Assert.Contains(emails, e => Path.GetFileName(e).StartsWith("service_roll_up-", StringComparison.Ordinal));
        var digest = Assert.Single(emails, e => Path.GetFileName(e).StartsWith("leadership_digest-", StringComparison.Ordinal));
        Assert.Contains("Where we stand", (await MimeMessage.LoadAsync(digest)).HtmlBody, StringComparison.Ordinal);

        await using var context = await (await Chromium.BrowserAsync()).NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 600, Height = 900 } });
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        foreach (var email in emails)
        {
            var message = await MimeMessage.LoadAsync(email);
            await page.SetContentAsync(Assert.IsType<string>(message.HtmlBody));
            var found = await Axe.ViolationsAsync(page, "wcag2a", "wcag2aa", "wcag21a", "wcag21aa");
            violations.AddRange(found.Select(v => $"{Path.GetFileName(email)}: {v}"));
        }

        Assert.Empty(violations);
    }
}
