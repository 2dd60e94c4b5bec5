using System.Globalization;
using System.IO.Compression;
using System.Text;
using Caseload.Reporting.Tooling.Synthetic;
using NodaTime;

namespace Caseload.Reporting.Tooling.Benchmarks;

/// <summary>
/// Inputs crafted to take all the memory a reader will give them, within the limits the readers accept: each must
/// end in a clean snapshot or a clear refusal, in bounded memory.
/// </summary>
public static class HostileInputs
{
    /// <summary>Excel's last row: a sheet cannot be longer.</summary>
    public const int ExcelRows = 1_048_576;

    /// <summary>The date the crafted inputs describe.</summary>
    public static readonly LocalDate AsOf = new(2026, 11, 16);

    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>The first worker of a roster written by <see cref="WriteRoster"/>, and their team's name.</summary>
    public static (string Team, string Worker) FirstHolder(string roster)
    {
        var worker = File.ReadLines(Path.Combine(roster, "workers.csv")).Skip(1).First().Split(',');
        var team = File.ReadLines(Path.Combine(roster, "teams.csv")).Skip(1).Select(line => line.Split(',')).First(t => t[0] == worker[3]);
        return (team[1], worker[1]);
    }

    /// <summary>A small council's roster (teams.csv, workers.csv) to go with a crafted workbook.</summary>
    public static string WriteRoster(string directory)
    {
        var council = Path.Combine(directory, "council");
        if (!Directory.Exists(council))
        {
            SyntheticCouncil.Write(new CouncilOptions(2026, 1, 60, AsOf), council);
        }

        var folder = Directory.GetDirectories(council).Order(StringComparer.Ordinal).First();
        var roster = Directory.CreateDirectory(Path.Combine(directory, "roster")).FullName;
        foreach (var file in new[] { "teams.csv", "workers.csv" })
        {
            File.Copy(Path.Combine(folder, file), Path.Combine(roster, file), overwrite: true);
        }

        return roster;
    }

    /// <summary>
    /// An Annex A workbook whose List 6 has <paramref name="rows"/> rows below its header, each holding one cell in
    /// Excel's last column (XFD) and, when <paramref name="holder"/> is given, a child held by that worker too: the shape
    /// that made a reader padding rows to their last cell take 23 GB.
    /// </summary>
    /// <param name="path">Where to write the .xlsx.</param>
    /// <param name="rows">Rows below the header: to Excel's last row when not given.</param>
    /// <param name="holder">A team and worker of the roster for every row to name with a child (more than any council lists are refused); without, the rows hold only the far cell and convert to a snapshot with no cases.</param>
    public static string WriteSparseWorkbook(string path, int rows = ExcelRows - 1, (string Team, string Worker)? holder = null)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Part(string name, string xml)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), Utf8);
            writer.Write(xml);
        }

        const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        Part("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
        Part("_rels/.rels", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{Relationships}/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        Part("xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{Main}" xmlns:r="{Relationships}"><sheets><sheet name="List 6" sheetId="1" r:id="rId1"/></sheets></workbook>""");
        Part("xl/_rels/workbook.xml.rels", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{Relationships}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");

        using var sheet = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open(), Utf8);
        static string Text(string reference, string text) => $"""<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>""";
        sheet.Write($"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{Main}"><sheetData>""");
        sheet.Write($"""<row r="1">{Text("A1", "Child Unique ID")}{Text("B1", "Case Status")}{Text("C1", "Allocated Team")}{Text("D1", "Allocated Worker")}</row>""");
        for (var row = 2; row <= rows + 1; row++)
        {
            var r = row.ToString(CultureInfo.InvariantCulture);
            sheet.Write(holder is var (team, worker)
                ? $"""<row r="{r}"><c r="A{r}"><v>{r}</v></c>{Text("B" + r, "c)")}{Text("C" + r, team)}{Text("D" + r, worker)}<c r="XFD{r}"><v>1</v></c></row>"""
                : $"""<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>""");
        }

        sheet.Write("</sheetData></worksheet>");
        return path;
    }

    /// <summary>
    /// A snapshot folder (the synthetic council's roster) whose allocations.csv has <paramref name="rows"/> rows with
    /// three bad cells each: a case type not in its vocabulary, a date that does not exist, in_proceedings neither
    /// yes nor no.
    /// </summary>
    public static string WriteBadAllocations(string directory, int rows)
    {
        var (folder, first) = SnapshotOfRoster(directory, "bad-rows");
        var worker = first[0];
        using var allocations = new StreamWriter(Path.Combine(folder, "allocations.csv"), false, Utf8, 1 << 16);
        allocations.Write("child_id,family_id,worker_id,team_id,case_type,allocated_on,in_proceedings,plan_start,last_visit\n");
        for (var row = 0; row < rows; row++)
        {
            allocations.Write($"C{row},,{worker},,cases,31/02/2026,maybe,,\n");
        }

        return folder;
    }

    /// <summary>
    /// An SSD folder (the synthetic council's roster) opening more children's cases than a snapshot may hold: a
    /// referral and a case worker's involvement for each of <paramref name="children"/> distinct children, ids of
    /// letters so that each is a string.
    /// </summary>
    public static string WriteCrowdedSsd(string directory, int children)
    {
        var (folder, worker) = SnapshotOfRoster(directory, "crowded-ssd");
        using (var episodes = new StreamWriter(Path.Combine(folder, "ssd_cin_episodes.csv"), false, Utf8, 1 << 16))
        {
            episodes.Write("cine_referral_id,cine_person_id,cine_referral_date,cine_close_date,cine_referral_team\n");
            for (var child = 0; child < children; child++)
            {
                episodes.Write($"R{child},P{child:x8},2026-01-05,,{worker[3]}\n");
            }
        }

        using var involvements = new StreamWriter(Path.Combine(folder, "ssd_involvements.csv"), false, Utf8, 1 << 16);
        involvements.Write("invo_involvements_id,invo_professional_id,invo_professional_role_id,invo_person_id,invo_involvement_start_date,invo_involvement_end_date\n");
        for (var child = 0; child < children; child++)
        {
            involvements.Write($"I{child},{worker[0]},CW,P{child:x8},2026-02-01 09:00:00.000,1900-01-01\n");
        }

        return folder;
    }

    /// <summary>
    /// A workforce census return of one worker whose qualifying institution is <paramref name="characters"/> characters
    /// long (a personal item: the reader must pass over it unread) and whose <c>Cases30</c> is 3 million digits.
    /// </summary>
    public static string WriteHugeCensus(string path, int characters = 60_000_000)
    {
        using var file = new StreamWriter(path, false, Utf8, 1 << 16);
        file.Write("<Message><Header><CollectionDetails><Collection>CSWW</Collection><Year>2026</Year><ReferenceDate>2026-09-30</ReferenceDate></CollectionDetails><Source><LEA>887</LEA></Source></Header>\n");
        file.Write("<CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>SW100001</SWENo><QualInst>");
        file.Write(new string('x', characters));
        file.Write("</QualInst><FTE30>1</FTE30><OrgRole>5</OrgRole><Cases30>");
        file.Write(new string('9', 3_000_000));
        file.Write("</Cases30></CSWWWorker></Message>\n");
        return path;
    }

    /// <summary>A snapshot folder holding the synthetic roster and a manifest, and the roster's first worker's cells, for a crafted file to join.</summary>
    private static (string Folder, string[] FirstWorker) SnapshotOfRoster(string directory, string name)
    {
        var roster = WriteRoster(directory);
        var folder = Directory.CreateDirectory(Path.Combine(directory, name)).FullName;
        foreach (var file in new[] { "teams.csv", "workers.csv" })
        {
            File.Copy(Path.Combine(roster, file), Path.Combine(folder, file), overwrite: true);
        }

        File.WriteAllText(Path.Combine(folder, "snapshot.json"), $$"""{"asOf": "{{AsOf:yyyy-MM-dd}}"}""");
        return (folder, File.ReadLines(Path.Combine(roster, "workers.csv")).Skip(1).First().Split(','));
    }
}
