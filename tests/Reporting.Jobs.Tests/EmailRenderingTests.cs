using System.Diagnostics;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Content;
using Caseload.Reporting.Channels.Email;
using Caseload.Reporting.Content.Weekly;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Notifications;
using Caseload.Reporting.Policies;

namespace Caseload.Reporting.Tests;

/// <summary>The weekly emails as a reader gets them: rendered by a real browser engine, escaped, one-line headers.</summary>
public class EmailRenderingTests
{
    /// <summary>Every email of the snapshot's week, composed as the prepare stage composes them.</summary>
    private static async Task<(IReadOnlyList<Notification> Notifications, IReadOnlyList<string> Unaddressed)> ComposeAsync(string folder, string? fallbackTo = null)
    {
        var snapshot = SnapshotReader.Read(folder);
        var caseloads = CaseloadSummary.Of(snapshot);
        var evaluation = CaseloadEvaluation.Evaluate(caseloads, Policy.Default);
        var picture = new WeeklyPicture(IsoWeek.Of(snapshot.AsOf), evaluation, null, caseloads, Policy.Default);
        var addressees = WeeklyRecipients.Of(evaluation, caseloads, fallbackTo);
        await using var renderer = new TemplateRenderer();
        var notifications = new List<Notification>();
        foreach (var addressee in addressees.All)
        {
            notifications.Add(await WeeklyNotifications.ComposeAsync(picture, addressee, renderer));
        }

        return (notifications, addressees.Unaddressed);
    }

    [Fact]
    public void A_chart_is_a_png_any_decoder_reads_with_the_pixels_drawn()
    {
        var plot = new ScottPlot.Plot();
        plot.Add.Bars(new List<ScottPlot.Bar> { new() { Position = 0, Value = 20, FillColor = ScottPlot.Color.FromHex("#b00020"), LineWidth = 0 } });
        plot.Axes.SetLimits(-1, 1, 0, 25);

        var png = Content.Charts.ChartImage.Png(plot, 200, 100);
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);

        Assert.Equal((200, 100), (bitmap.Width, bitmap.Height));
        Assert.Equal(SkiaSharp.SKColors.White, bitmap.GetPixel(2, 2));
        var red = Enumerable.Range(0, 200).Select(x => bitmap.GetPixel(x, 60)).Count(c => c == new SkiaSharp.SKColor(0xb0, 0x00, 0x20));
        Assert.True(red > 10, $"the bar's colour is in {red} pixels of the row");
    }

    [Fact]
    public async Task A_managers_email_renders_in_chromium_with_its_chart_loaded_inside_a_600_px_column()
    {
        using var council = new CouncilFolders(weeks: 1);
        var mail = await ComposeAsync(council.Weeks[0]);
        var email = mail.Notifications.Where(n => n.Kind == NotificationKind.TeamManager).Select(n => (EmailContent)n.Content).First(e => e.Text.Contains("Over their limit", StringComparison.Ordinal));
        Assert.DoesNotContain("<script", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http", email.Html!.Replace("width=device-width", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

        var page = Path.Combine(council.Root, "rendered");
        Directory.CreateDirectory(page);
        var html = email.Html;
        foreach (var image in email.Images!)
        {
            await File.WriteAllBytesAsync(Path.Combine(page, $"{image.ContentId.Split('@')[0]}.png"), image.Png);
            html = html.Replace($"cid:{image.ContentId}", $"{image.ContentId.Split('@')[0]}.png", StringComparison.Ordinal);
        }

        // The measuring script goes into a copy for the test only: the email itself carries no script.
        const string Measure = """
            <script>
            window.addEventListener('load', () => {
              const column = [...document.querySelectorAll('table[width="600"]')][0];
              const edge = column.getBoundingClientRect().right + 0.5;
              const overflowing = [...column.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > edge).length;
              const images = [...document.images];
              const loaded = images.filter(i => i.complete && i.naturalWidth > 0).length;
              document.body.setAttribute('data-verdict', `images=${images.length} loaded=${loaded} overflowing=${overflowing} width=${Math.round(column.getBoundingClientRect().width)}`);
            });
            </script>
            """;
        await File.WriteAllTextAsync(Path.Combine(page, "check.html"), html.Replace("</body>", Measure + "</body>", StringComparison.Ordinal));

        var dom = await ChromiumAsync(Path.Combine(page, "check.html"));

        Assert.Matches("data-verdict=\"images=1 loaded=1 overflowing=0 width=600\"", dom);
    }

    [Fact]
    public async Task Names_are_escaped_in_html_and_header_values_cannot_add_headers()
    {
        using var council = new CouncilFolders(weeks: 1);
        var teams = Path.Combine(council.Weeks[0], "teams.csv");
        var workers = Path.Combine(council.Weeks[0], "workers.csv");
        var lines = File.ReadAllLines(teams);
        var first = lines[1].Split(',');
        first[1] = "\"Team <b>Chatham</b> & \"\"East\"\"\r\nBcc: intruder@example.com\"";
        lines[1] = string.Join(',', first);
        File.WriteAllLines(teams, lines);
        var workerLines = File.ReadAllLines(workers);
        var w = workerLines.Select((l, i) => (l, i)).First(x => x.l.Split(',')[3] == first[0] && x.l.Contains("social_worker", StringComparison.Ordinal)).i;
        var fields = workerLines[w].Split(',');
        fields[1] = "\"Zoë <img src=x onerror=alert(1)> O'Brien & Co\"";
        workerLines[w] = string.Join(',', fields);
        File.WriteAllLines(workers, workerLines);
        // Over their limit whatever the generator gave them, so that the email names them.
        File.AppendAllLines(Path.Combine(council.Weeks[0], "allocations.csv"), Enumerable.Range(0, 30).Select(i => $"9{i:D6},,{fields[0]},,cin,2026-01-05,no,,"));

        var mail = await ComposeAsync(council.Weeks[0]);
        var email = mail.Notifications.First(n => n.Kind == NotificationKind.TeamManager && ((EmailContent)n.Content).Text.Contains("Chatham", StringComparison.Ordinal));
        var message = MimeMessages.Of(email, (EmailContent)email.Content, MimeKit.MailboxAddress.Parse("reports@council.example"), DateTimeOffset.UnixEpoch);
        using var written = new MemoryStream();
        await message.WriteToAsync(written);
        written.Position = 0;
        var read = await MimeKit.MimeMessage.LoadAsync(written);

        Assert.Empty(read.Bcc);
        Assert.Null(read.Headers[MimeKit.HeaderId.Bcc]);
        Assert.DoesNotContain('\n', read.Subject!);
        Assert.StartsWith("Team <b>Chatham</b> & \"East\"  Bcc: intruder@example.com:", read.Subject, StringComparison.Ordinal);
        Assert.Contains("Team &lt;b&gt;Chatham&lt;/b&gt; &amp; &quot;East&quot;", read.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Zo&#xEB; &lt;img src=x onerror=alert(1)&gt; O&#x27;Brien &amp; Co", read.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", read.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Zoë <img src=x onerror=alert(1)> O'Brien & Co", read.TextBody, StringComparison.Ordinal);
    }

    /// <summary>Debian's Chromium, headless, as the brief starts it; the DOM after the page has loaded.</summary>
    private static async Task<string> ChromiumAsync(string page)
    {
        var start = new ProcessStartInfo("chromium") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            $"--user-data-dir={Path.Combine(Path.GetDirectoryName(page)!, "profile")}", "--window-size=800,2000", "--virtual-time-budget=5000", "--dump-dom", new Uri(page).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var chromium = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start: install Debian's chromium package");
        var dom = chromium.StandardOutput.ReadToEndAsync();
        _ = chromium.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await chromium.WaitForExitAsync(timeout.Token);
        return await dom;
    }
}
