using System.Globalization;
using System.Xml;
using Caseload.Reporting.Evaluation;
using Caseload.Reporting.Snapshots;
using Caseload.Reporting.Workforce;
using NodaTime;
using NodaTime.Text;

namespace Caseload.Reporting.Tooling.Synthetic;

/// <summary>One worker's record of a synthetic census return, as a test or a benchmark alters it before it is written.</summary>
/// <param name="SweNumber"><c>SWENo</c>.</param>
/// <param name="Agency"><c>AgencyWorker</c>.</param>
/// <param name="Fte">Their FTE: <c>FTE30</c> in post, <c>FTE</c> for agency workers and leavers.</param>
/// <param name="OrgRole"><c>OrgRole</c>, 1 to 6.</param>
/// <param name="Cases30"><c>Cases30</c>.</param>
/// <param name="Asye"><c>CFKSSstatus</c> 1.</param>
/// <param name="Absent"><c>Absat30Sept</c>.</param>
/// <param name="WorkingDaysLost"><c>WorkingDaysLost</c>.</param>
/// <param name="RoleEndDate">A leaver's <c>RoleEndDate</c>; null for one in post.</param>
public sealed record CensusRecord(string SweNumber, bool Agency, decimal Fte, int OrgRole, int Cases30, bool Asye, bool Absent, decimal WorkingDaysLost, LocalDate? RoleEndDate = null);

/// <summary>
/// A census return written from a snapshot's roster, as a council's HR system would (census spec): a record for each
/// children and family social worker with the cases the snapshot gives them, and the personal items the real file
/// carries (date of birth, gender, ethnicity, qualification), made up from the seed, so that tests can show the
/// check never repeats them.
/// </summary>
public static class CensusReturnWriter
{
    private static readonly string[] Ethnicities = ["WBRI", "WIRI", "WOTH", "MWBC", "AIND", "APKN", "BAFR", "BCRB", "CHNE", "OOTH"];

    private static readonly string[] Institutions = ["University of Kent", "Canterbury Christ Church University", "University of Greenwich", "Goldsmiths, University of London"];

    /// <summary>The records of a snapshot's children and family social workers on the census day <paramref name="reference"/>, matching it exactly.</summary>
    public static List<CensusRecord> FromSnapshot(CaseloadSummary snapshot, LocalDate reference, int seed)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var random = new Random(seed);
        return [.. snapshot.Workers
            .Where(h => StaffRoster.KindOf(h.Worker) != StaffKind.Other)
            .Select(h => new CensusRecord(
                h.Worker.SweNumber ?? h.Worker.Id,
                h.Worker.Agency,
                h.Worker.Fte,
                h.Worker.Role switch { Role.TeamManager => 3, Role.PracticeManager => 3, Role.AdvancedPractitioner => 4, Role.SeniorPractitioner => 4, _ => h.Children > 0 ? 5 : 6 },
                h.Children,
                h.Worker.Asye,
                h.Worker.AbsentOn(reference),
                random.Next(0, 4) == 0 ? random.Next(1, 30) : 0))];
    }

    /// <summary>Writes a return.</summary>
    /// <param name="output">Where the XML goes.</param>
    /// <param name="council">The council's three-digit code.</param>
    /// <param name="reference">The census day.</param>
    /// <param name="vacancies"><c>NumberOfVacancies</c>.</param>
    /// <param name="records">The workers' records, leavers among them.</param>
    /// <param name="seed">Seeds the personal items.</param>
    public static void Write(Stream output, string council, LocalDate reference, decimal vacancies, IEnumerable<CensusRecord> records, int seed)
    {
        ArgumentNullException.ThrowIfNull(records);
        var random = new Random(seed);
        using var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, CloseOutput = false });
        string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);
        string Number(decimal value) => value.ToString("0.###", CultureInfo.InvariantCulture);
        xml.WriteStartElement("Message");
        xml.WriteStartElement("Header");
        xml.WriteStartElement("CollectionDetails");
        xml.WriteElementString("Collection", "CSWW");
        xml.WriteElementString("Year", reference.Year.ToString(CultureInfo.InvariantCulture));
        xml.WriteElementString("ReferenceDate", Date(reference));
        xml.WriteEndElement();
        xml.WriteStartElement("Source");
        xml.WriteElementString("SourceLevel", "L");
        xml.WriteElementString("LEA", council);
        xml.WriteElementString("SoftwareCode", "Synthetic HR");
        xml.WriteElementString("Release", "1");
        xml.WriteElementString("SerialNo", "1");
        xml.WriteElementString("DateTime", $"{Date(reference.PlusDays(14))}T09:00:00");
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteStartElement("LALevelVacancies");
        xml.WriteElementString("NumberOfVacancies", Number(vacancies));
        xml.WriteElementString("NoAgencyFTE", Number(records.Where(r => r.Agency).Sum(r => r.Fte)));
        xml.WriteElementString("NoAgencyHeadcount", records.Count(r => r.Agency).ToString(CultureInfo.InvariantCulture));
        xml.WriteEndElement();
        foreach (var record in records)
        {
            var inPost = !record.Agency && record.RoleEndDate is null;
            xml.WriteStartElement("CSWWWorker");
            xml.WriteElementString("AgencyWorker", record.Agency ? "1" : "0");
            xml.WriteElementString("SWENo", record.SweNumber);
            xml.WriteElementString("FTE", Number(record.Fte));
            if (!record.Agency)
            {
                xml.WriteElementString("PersonBirthDate", Date(new LocalDate(1960, 1, 1).PlusDays(random.Next(0, 14_000))));
                xml.WriteElementString("GenderCurrent", random.Next(0, 5) == 0 ? "1" : "2");
                xml.WriteElementString("Ethnicity", Ethnicities[random.Next(Ethnicities.Length)]);
                xml.WriteElementString("QualInst", Institutions[random.Next(Institutions.Length)]);
                xml.WriteElementString("QualLevel", random.Next(0, 2) == 0 ? "1" : "2");
                xml.WriteElementString("StepUpGrad", "0");
                xml.WriteElementString("OrgRole", record.OrgRole.ToString(CultureInfo.InvariantCulture));
                xml.WriteElementString("RoleStartDate", Date(reference.PlusDays(-random.Next(400, 4000))));
                xml.WriteElementString("StartOrigin", random.Next(1, 10).ToString(CultureInfo.InvariantCulture));
                if (record.RoleEndDate is { } ended)
                {
                    xml.WriteElementString("RoleEndDate", Date(ended));
                    xml.WriteElementString("LeaverDestination", random.Next(1, 8).ToString(CultureInfo.InvariantCulture));
                    xml.WriteElementString("ReasonLeave", random.Next(1, 9).ToString(CultureInfo.InvariantCulture));
                }

                if (inPost)
                {
                    xml.WriteElementString("FTE30", Number(record.Fte));
                }

                xml.WriteElementString("WorkingDaysLost", Number(record.WorkingDaysLost));
                xml.WriteElementString("Absat30Sept", record.Absent ? "1" : "0");
                xml.WriteElementString("CFKSSstatus", record.Asye ? "1" : "0");
            }

            xml.WriteElementString("Cases30", record.Cases30.ToString(CultureInfo.InvariantCulture));
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }
}
