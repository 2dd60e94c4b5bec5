using System.Net;
using System.Text.RegularExpressions;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Content.Pages;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Jobs.Weekly;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using NodaTime;
using SkiaSharp;

namespace Caseload.Reporting.Tests;

/// <summary>
/// Two workers of one name in one team, both over their limit, as the week's email, chart, roll-up, Teams card,
/// breach page and digest show them: each told apart by what their manager knows, never by a name alone.
/// </summary>
public sealed class NamesakeTests : IDisposable
{
    private const string Teams = "team_id,name,team_type,manager_id,service,head_of_service_email\n"
        + "T1,Chatham Assessment Team,assessment,M1,Front Door,hos@council.example\n"
        + "T2,Strood Adolescent Team,adolescent,M2,Front Door,hos@council.example\n";

    private const string Workers = "worker_id,name,email,team_id,role,fte,asye,agency\n"
        + "M1,Mina Manager,mina@council.example,T1,team_manager,1,no,no\n"
        + "SW100037,Tariq O'Brien,tariq.obrien.37@council.example,T1,senior_practitioner,1,no,yes\n"
        + "SW100127,Tariq O'Brien,tariq.obrien.127@council.example,T1,social_worker,1,yes,no\n"
        + "SW100200,Tariq Osei,tariq.osei@council.example,T1,social_worker,1,no,no\n"
        + "SW100201,Wendy Worker,wendy@council.example,T1,social_worker,1,no,no\n"
        + "M2,Mo Manager,mo@council.example,T2,team_manager,1,no,no\n"
        + "SW100300,Sam Jones,sam.jones@council.example,T2,social_worker,1,no,no\n"
        + "SW100301,Sam Jones,sam.jones2@council.example,T2,social_worker,1,no,no\n";

    private static readonly string[] TariqsApart = ["Tariq O'Brien (senior practitioner)", "Tariq O'Brien (social worker)"];
    private static readonly string[] SamsApart = ["Sam Jones (roster id SW100300)", "Sam Jones (roster id SW100301)"];

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 16, 7, 0, 0, TimeSpan.Zero));
    private readonly List<SnapshotFolder> folders = [];

    public void Dispose() => folders.ForEach(f => f.Dispose());

    /// <summary>Each Tariq O'Brien holds 30 children, each Sam Jones 25 (both red), Tariq Osei 4 and Wendy 2: two weeks running, so that nobody acting has reached the head of service.</summary>
    private SnapshotFolder Week(string asOf)
    {
        var allocations = "child_id,worker_id,team_id,case_type\n"
            + string.Concat(new (string Worker, int Children)[] { ("SW100037", 30), ("SW100127", 30), ("SW100200", 4), ("SW100201", 2), ("SW100300", 25), ("SW100301", 25) }
                .SelectMany((w, n) => Enumerable.Range(0, w.Children).Select(i => $"{4100000 + (n * 100) + i},{w.Worker},,{(n < 4 ? "assessment" : "cin")}\n")));
        var folder = new SnapshotFolder(Teams, Workers, allocations, asOf);
        folders.Add(folder);
        return folder;
    }

    [Fact]
    public async Task Namesakes_over_their_limit_are_told_apart_in_the_email_its_chart_the_roll_up_the_card_the_breach_page_and_the_digest()
    {
        await using var teams = await TeamsWebhook.StartAsync();
        var outbox = Path.Combine(Path.GetTempPath(), "caseload-tests", Guid.NewGuid().ToString("N"));
        await using var reporting = MemoryReporting.Create(clock, outbox, settings: new Dictionary<string, string?> { ["Reporting:Teams:Channels:default"] = teams.Url("default") });
        await reporting.Job<IngestJob>().IngestFolderAsync(Week("2026-11-09").Path, null);
        await reporting.Job<IngestJob>().IngestFolderAsync(Week("2026-11-16").Path, null);
        var week = new IsoWeek(2026, 47);

        var (prepared, delivered) = await clock.Waiting(reporting.Job<WeeklyJob>().RunAsync(week));
        Assert.Equal(WeeklyOutcome.Prepared, prepared.Outcome);
        Assert.Empty(delivered!.NotSent);

        // The manager's email, text and HTML: both named, each with their role; the suggested moves name them so too.
        var mina = Email(outbox, week, "mina@council.example");
        foreach (var body in new[] { mina.TextBody, WebUtility.HtmlDecode(mina.HtmlBody) })
        {
            Assert.All(TariqsApart, name => Assert.Contains(name, body, StringComparison.Ordinal));
            Assert.DoesNotMatch(new Regex("Tariq O'Brien(?! \\((senior practitioner|social worker)\\))"), body);
            Assert.DoesNotContain("Tariq O.", body, StringComparison.Ordinal);
            Assert.Matches(new Regex(@"\d+ cases? from Tariq O'Brien \((senior practitioner|social worker)\) to (Tariq Osei|Wendy W\.)"), body);
        }

        // The team of twins alike in every quality the roster gives: the roster's id is what is left to tell them apart.
        var mo = WebUtility.HtmlDecode(Email(outbox, week, "mo@council.example").HtmlBody)!;
        Assert.All(SamsApart, name => Assert.Contains(name, mo, StringComparison.Ordinal));

        // The chart's axis: each namesake's name drawn whole with what tells them apart (longer than Tariq Osei's
        // name alone), the two not the same drawing, and no name cut off at the image's edge.
        var chart = mina.BodyParts.OfType<MimePart>().First(p => p.ContentId?.StartsWith("chart-", StringComparison.Ordinal) == true);
        using (var png = new MemoryStream())
        {
            chart.Content!.DecodeTo(png);
            var labels = AxisLabels(png.ToArray(), 4);
            Assert.True(labels[0] > labels[2] + 20 && labels[1] > labels[2] + 20, $"label lengths {string.Join(", ", labels)}: a namesake's label is drawn with what tells them apart");
            Assert.True(Math.Abs(labels[0] - labels[1]) > 10, $"label lengths {string.Join(", ", labels)}: the two namesakes' labels differ");
        }

        // The head of service's roll-up: the escalation table and the red cases.
        var rollUp = WebUtility.HtmlDecode(Email(outbox, week, "hos@council.example").HtmlBody)!;
        Assert.Contains("nobody", rollUp, StringComparison.OrdinalIgnoreCase);
        Assert.All(TariqsApart.Concat(SamsApart), name => Assert.True(Regex.Count(rollUp, Regex.Escape(name)) >= 2, $"{name} in the escalation table and the red cases"));
        Assert.DoesNotMatch(new Regex("(Tariq O'Brien|Sam Jones)(?! \\()"), rollUp);

        // The team's Teams card counts them both and names no one.
        var card = teams.Posts.Single(p => p.Status == 202 && p.Card.GetRawText().Contains("Chatham", StringComparison.Ordinal)).Card.GetRawText();
        Assert.Contains("2 of 4 case holders", card, StringComparison.Ordinal);
        Assert.DoesNotContain("Tariq", card, StringComparison.Ordinal);

        // The breach page of each, and the digest's breaches, from the stored evaluation.
        var evaluation = (await reporting.Job<WeeklyJob>().ShowAsync(week))!.Evaluation;
        var tariqs = evaluation.Workers.Where(w => w.Name == "Tariq O'Brien").OrderBy(w => w.WorkerId, StringComparer.Ordinal).ToList();
        Assert.Equal(TariqsApart, tariqs.Select(w => BreachPage.Of(evaluation, w, [], new LocalDate(2026, 11, 17), DateTimeZone.Utc, clock.GetUtcNow().AddDays(28)).Worker));
        var digest = MonthBreaches.Of([evaluation]);
        Assert.Equal(TariqsApart.Concat(SamsApart).Order(), digest.Where(b => b.Name.StartsWith("Tariq O'", StringComparison.Ordinal) || b.Name.StartsWith("Sam", StringComparison.Ordinal)).Select(b => b.Name).Order());
    }

    private static MimeMessage Email(string outbox, IsoWeek week, string to) =>
        MimeMessage.Load(Directory.GetFiles(Path.Combine(outbox, week.ToString()), $"*-{to}.eml").Single());

    /// <summary>
    /// The length, in pixels along the text, of each tick label under a bar chart of <paramref name="bars"/> bars:
    /// the labels are drawn at 40 degrees, each ending at its bar, so the dark pixels below the plot fall in one
    /// slanted band per label, and a label's length is its band's extent along the slant.
    /// </summary>
    private static int[] AxisLabels(byte[] png, int bars)
    {
        using var bitmap = SKBitmap.Decode(png);
        bool Dark(int x, int y) => bitmap.GetPixel(x, y).Red < 110;
        Assert.DoesNotContain(Enumerable.Range(0, bitmap.Height), y => Dark(0, y) || Dark(1, y));
        Assert.DoesNotContain(Enumerable.Range(0, bitmap.Width), x => Dark(x, bitmap.Height - 1) || Dark(x, bitmap.Height - 2));
        var frame = Enumerable.Range(0, bitmap.Height).Reverse().First(y => Enumerable.Range(bitmap.Width / 3, bitmap.Width / 3).Count(x => bitmap.GetPixel(x, y).Red < 100) > bitmap.Width / 4);
        var (sin, cos) = Math.SinCos(40 * Math.PI / 180);
        var along = new List<(double Across, double Along)>();
        for (var y = frame + 8; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                if (Dark(x, y))
                {
                    along.Add(((x * sin) + ((y - frame) * cos), (x * cos) - ((y - frame) * sin)));
                }
            }
        }

        // Bands by their position across the slant: gaps wider than a line of text separate them.
        var sorted = along.OrderBy(p => p.Across).ToList();
        var bands = new List<List<(double Across, double Along)>> { new() };
        for (var i = 0; i < sorted.Count; i++)
        {
            if (i > 0 && sorted[i].Across - sorted[i - 1].Across > 12)
            {
                bands.Add([]);
            }

            bands[^1].Add(sorted[i]);
        }

        var labels = bands.Where(b => b.Count > 20).ToList();
        Assert.Equal(bars, labels.Count);
        return [.. labels.Select(b => (int)(b.Max(p => p.Along) - b.Min(p => p.Along)))];
    }
}
