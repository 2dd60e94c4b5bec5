using System.Text;
using Caseload.Reporting.Ingest.AnnexA;
using Caseload.Reporting.Ingest.Canonical;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Caseload.Reporting.Tests;

/// <summary>
/// Whatever bytes arrive, the readers end in a snapshot or a validation error naming the file: never another
/// exception, a hang or unbounded memory. A bounded budget of generated inputs runs in CI on every build, from a
/// fixed seed (the one that first found a header left open crashing the reader), so every run tries the same inputs.
/// </summary>
public class HostileInputProperties
{
    /// <summary>CSV-like text: the snapshot's own header and cells, mixed with quotes, separators, line breaks, BOMs, control characters, RTL marks and markup.</summary>
    private static readonly Gen<string> CsvText =
        Gen.ListOf(Gen.Elements(
            "child_id,family_id,worker_id,team_id,case_type,allocated_on,in_proceedings,plan_start,last_visit\n",
            "4000001,F1,W1,,cp,2026-10-01,no,2026-09-01,2026-11-10\n", ",", "\"", "\"\"", "\n", "\r\n", "\r", "\uFEFF", "\0", "\u202E",
            "=cmd|' /C calc'!A0", "<script>", "cla", "W1", "T1", "31/02/2026", "9999-99-99", "yes", " ", "é", "\uD800", "a,b,c,d,e,f,g,h,i,j,k"))
        .Select(parts => string.Concat(parts));

    private static Exception? Read(string folder)
    {
        try
        {
            SnapshotReader.Read(folder);
            return null;
        }
        catch (InvalidInputException)
        {
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    [Property(MaxTest = 150, Replay = "17250383401333035612,2460416727029785473")]
    public Property Any_allocations_text_is_read_or_refused_with_problems() =>
        Prop.ForAll(CsvText.ToArbitrary(), text =>
        {
            using var folder = new SnapshotFolderFixture(allocations: text);
            var unexpected = Read(folder.Path);
            return unexpected is null ? true.Label("ok") : false.Label(unexpected.ToString());
        });

    [Property(MaxTest = 150, Replay = "17250383401333035612,2460416727029785473")]
    public Property Any_bytes_as_teams_csv_are_read_or_refused_with_problems() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).ToArbitrary(), bytes =>
        {
            using var folder = new SnapshotFolderFixture();
            File.WriteAllBytes(Path.Combine(folder.Path, "teams.csv"), bytes);
            var unexpected = Read(folder.Path);
            return unexpected is null ? true.Label("ok") : false.Label(unexpected.ToString());
        });

    [Property(MaxTest = 100, Replay = "17250383401333035612,2460416727029785473")]
    public Property Any_bytes_as_an_annex_a_workbook_are_converted_or_refused_with_problems() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), (bytes, zipped) =>
        {
            using var roster = new SnapshotFolderFixture();
            var output = Directory.CreateTempSubdirectory("annexa-fuzz-").FullName;
            try
            {
                var workbook = Path.Combine(output, "fuzz.xlsx");
                // Half the cases start like a zip (an xlsx is one), to get past the first check.
                File.WriteAllBytes(workbook, zipped ? [.. "PK\u0003\u0004"u8, .. bytes] : bytes);
                AnnexAWorkbook.Convert(workbook, roster.Path, output, new LocalDate(2026, 11, 16));
                return true.Label("converted");
            }
            catch (InvalidInputException)
            {
                return true.Label("refused");
            }
            catch (Exception e)
            {
                return false.Label(e.ToString());
            }
            finally
            {
                Directory.Delete(output, recursive: true);
            }
        });
}
