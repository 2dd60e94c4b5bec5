using System.Globalization;
using System.Text;
using System.Xml;
using Caseload.Reporting.Census;
using Caseload.Reporting.Ingest.Canonical;
using Caseload.Reporting.Snapshots;
using NodaTime;
using NodaTime.Text;

namespace Caseload.Reporting.Ingest.Census;

/// <summary>
/// Reads a Children's Social Work Workforce census return (census spec) as it streams: the header, the vacancies and
/// each worker's record, element by element, in memory that does not grow with the file beyond one small record a
/// worker. The personal items (date of birth, gender, ethnicity, qualifications and the rest) are passed over
/// unread. Each element that does not read is a problem at its line; the record as a whole is checked by
/// <see cref="CensusRules"/>. A file that is not XML stops at the line where it stops being XML.
/// </summary>
public static class CensusFile
{
    /// <summary>The most characters a return may hold: a national return of 35,000 workers is about a tenth of it.</summary>
    public const long MaxCharacters = 64L * 1024 * 1024;

    /// <summary>The longest value an element the check reads may have.</summary>
    private const int MaxValue = 64;

    private static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;

    /// <summary>Reads a return from disk.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static CensusReturn Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, Path.GetFileName(path));
    }

    /// <summary>Reads a return from a stream.</summary>
    /// <param name="stream">The XML.</param>
    /// <param name="name">The file's name, for problems.</param>
    public static CensusReturn Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reading = new Reading(name);
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            MaxCharactersInDocument = MaxCharacters,
            MaxCharactersFromEntities = 0,
        };
        using var xml = XmlReader.Create(stream, settings);
        try
        {
            reading.Document(xml);
            reading.ReadToEnd = true;
        }
        catch (XmlException e)
        {
            // The text of XmlException says where; what a person needs is that the file is not (or stops being) XML.
            // A refused DTD carries no position (the reader stops before it counts lines): it is the file's, not a line's.
            var dtd = e.Message.Contains("DTD", StringComparison.Ordinal);
            reading.Problem(dtd ? null : Math.Max(1, e.LineNumber), null, e.Message.Contains("maximum", StringComparison.OrdinalIgnoreCase)
                ? $"the file is longer than the {MaxCharacters / (1024 * 1024)} million characters a return may hold; check it is the census return"
                : dtd ? "the file declares a document type (DTD), which a return never has and which is not read; export the return again from the HR system as COLLECT's XML"
                : "the file is not XML from here on; export the return again from the HR system as COLLECT's XML");
        }

        return reading.Finish();
    }

    private sealed class Reading(string file)
    {
        private readonly ProblemLog problems = new();
        private readonly List<CensusWorker> workers = [];
        private readonly StringBuilder value = new();
        private readonly char[] chunk = new char[256];
        private string? council;
        private int? year;
        private LocalDate? reference;
        private decimal? vacancies, agencyFte, agencyHeadcount;
        private bool rooted, referenceGiven;

        public bool ReadToEnd { get; set; }

        public void Problem(int? line, string? element, string message) =>
            problems.Add(new Problem(Severity.Error, "census_invalid", file, line, element, message));

        public void Document(XmlReader xml)
        {
            var info = (IXmlLineInfo)xml;
            if (!xml.Read() || xml.MoveToContent() != XmlNodeType.Element)
            {
                Problem(1, null, "the file holds no XML; export the return again from the HR system as COLLECT's XML");
                return;
            }

            if (xml.LocalName != "Message")
            {
                Problem(info.LineNumber, xml.LocalName, "the file is not a workforce census return: its first element is not Message; check it is the CSWW return");
                return;
            }

            rooted = true;
            if (xml.IsEmptyElement)
            {
                return;
            }

            xml.Read();
            while (xml.NodeType != XmlNodeType.EndElement && !xml.EOF)
            {
                if (xml.NodeType != XmlNodeType.Element)
                {
                    xml.Skip();
                    continue;
                }

                switch (xml.LocalName)
                {
                    case "Header":
                    case "LALevelVacancies":
                        Within(xml, Header);
                        break;
                    case "CSWWWorker":
                        Worker(xml, info);
                        break;
                    default:
                        xml.Skip();
                        break;
                }
            }
        }

        /// <summary>The elements inside a group, each read by <paramref name="read"/>; groups inside it read the same way.</summary>
        private static void Within(XmlReader xml, Action<XmlReader, string, int> read)
        {
            var info = (IXmlLineInfo)xml;
            if (xml.IsEmptyElement)
            {
                xml.Read();
                return;
            }

            xml.Read();
            while (xml.NodeType != XmlNodeType.EndElement && !xml.EOF)
            {
                if (xml.NodeType != XmlNodeType.Element)
                {
                    xml.Skip();
                }
                else if (xml.LocalName is "CollectionDetails" or "Source")
                {
                    Within(xml, read);
                }
                else
                {
                    read(xml, xml.LocalName, info.LineNumber);
                }
            }

            xml.Read();
        }

        private void Header(XmlReader xml, string element, int line)
        {
            switch (element)
            {
                case "LEA":
                    council = Checked(Value(xml, element, line), code => code.Length == 3 && code.All(char.IsAsciiDigit), line, element, "is not a council's three-digit code (Medway is 887)");
                    break;
                case "Year":
                    year = Whole(xml, element, line, 2000, 2100, "a year such as 2026");
                    break;
                case "ReferenceDate":
                    referenceGiven = true;
                    reference = Date(xml, element, line);
                    break;
                case "NumberOfVacancies":
                    vacancies = Number(xml, element, line, 0, 100_000m, "an FTE of 0 or more");
                    break;
                case "NoAgencyFTE":
                    agencyFte = Number(xml, element, line, 0, 100_000m, "an FTE of 0 or more");
                    break;
                case "NoAgencyHeadcount":
                    agencyHeadcount = Whole(xml, element, line, 0, 100_000, "a whole number of 0 or more");
                    break;
                default:
                    xml.Skip();
                    break;
            }
        }

        private void Worker(XmlReader xml, IXmlLineInfo info)
        {
            var line = info.LineNumber;
            string swe = "";
            bool agency = false, asye = false;
            bool? absent = null;
            decimal? fte = null, fte30 = null, daysLost = null;
            int? role = null, cases = null;
            LocalDate? ended = null;
            var given = CensusItems.None;
            Within(xml, (x, element, at) =>
            {
                switch (element)
                {
                    case "SWENo":
                        swe = Checked(Value(x, element, at), s => SweNumber.IsValid(s), at, element, $"is not a Social Work England number; write {SweNumber.Expected}")?.ToUpperInvariant() ?? "";
                        break;
                    case "AgencyWorker":
                        agency = Flag(x, element, at, "0 (employed by the council) or 1 (agency)") ?? false;
                        break;
                    case "FTE":
                        fte = Number(x, element, at, 0, 1, "a number from 0 to 1, e.g. 0.6");
                        break;
                    case "FTE30":
                        fte30 = Number(x, element, at, 0, 1, "a number from 0 to 1, e.g. 0.6");
                        break;
                    case "OrgRole":
                        role = Whole(x, element, at, 1, 6, "1 to 6 (1 senior manager … 5 case holder, 6 qualified without cases)");
                        break;
                    case "Cases30":
                        cases = Whole(x, element, at, 0, 10_000, "a whole number of 0 or more");
                        break;
                    case "WorkingDaysLost":
                        daysLost = Number(x, element, at, 0, 366, "a number of days from 0 to 366");
                        break;
                    case "Absat30Sept":
                        absent = Flag(x, element, at, "0 (not absent) or 1 (absent on the census day)");
                        break;
                    case "CFKSSstatus":
                        asye = Whole(x, element, at, 0, 99, "a whole number (1 in the ASYE)") == 1;
                        break;
                    case "RoleStartDate":
                        given |= Date(x, element, at) is null ? CensusItems.None : CensusItems.RoleStartDate;
                        break;
                    case "RoleEndDate":
                        ended = Date(x, element, at);
                        given |= ended is null ? CensusItems.None : CensusItems.RoleEndDate;
                        break;
                    case "StartOrigin":
                        given |= Code(x, element, at) ? CensusItems.StartOrigin : CensusItems.None;
                        break;
                    case "ReasonLeave":
                        given |= Code(x, element, at) ? CensusItems.ReasonLeave : CensusItems.None;
                        break;
                    case "LeaverDestination":
                        given |= Code(x, element, at) ? CensusItems.LeaverDestination : CensusItems.None;
                        break;
                    default:
                        // A personal item, or one the check does not use: passed over, never read.
                        x.Skip();
                        break;
                }
            });

            if (workers.Count == Limits.Workers)
            {
                Problem(line, "CSWWWorker", $"the return has more than {Limits.Workers:N0} workers, more than any council employs; check it is one council's return");
                return;
            }

            workers.Add(new CensusWorker(line, swe, agency, fte, fte30, role, ended, cases, daysLost, absent, asye, given));
        }

        public CensusReturn Finish()
        {
            // Without a ReferenceDate the census day is taken as 30 September of the collection's year, and said.
            var day = reference ?? (year is { } y ? new LocalDate(y, 9, 30) : null);
            if (ReadToEnd && rooted && !referenceGiven)
            {
                Problem(1, "ReferenceDate", "the header has no ReferenceDate, the census day; give it as yyyy-MM-dd, e.g. 2026-09-30");
            }

            if (day is { } census)
            {
                problems.AddRange(CensusRules.Of(workers, census, file));
            }

            return new CensusReturn(file, new CensusHeader(council, year, day, vacancies, agencyFte, agencyHeadcount), workers, problems.ToList(), ReadToEnd && rooted);
        }

        /// <summary>An element's text, at most <see cref="MaxValue"/> characters, read in chunks so that a huge one is never held; null (and a problem) when too long or holding elements.</summary>
        private string? Value(XmlReader xml, string element, int line)
        {
            value.Clear();
            bool tooLong = false, nested = false;
            if (xml.IsEmptyElement)
            {
                xml.Read();
                return "";
            }

            xml.Read();
            while (xml.NodeType != XmlNodeType.EndElement && !xml.EOF)
            {
                if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
                {
                    int read;
                    while ((read = xml.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
                    {
                        tooLong |= value.Length + read > MaxValue;
                        if (!tooLong)
                        {
                            value.Append(chunk, 0, read);
                        }
                    }

                    xml.Read();
                }
                else
                {
                    Problem(line, element, "holds other elements where a value belongs; give the value alone");
                    xml.Skip();
                    nested = true;
                }
            }

            xml.Read();
            if (nested)
            {
                return null;
            }

            if (tooLong)
            {
                Problem(line, element, $"is longer than the {MaxValue} characters any value of the return has");
                return null;
            }

            return value.ToString().Trim();
        }

        /// <summary>A value given that passes <paramref name="valid"/>; else null, and a problem when one was given.</summary>
        private string? Checked(string? text, Func<string, bool> valid, int line, string element, string message)
        {
            if (text is not { Length: > 0 })
            {
                return null;
            }

            if (valid(text))
            {
                return text;
            }

            Problem(line, element, message);
            return null;
        }

        private int? Whole(XmlReader xml, string element, int line, int min, int max, string expected) =>
            Parsed(xml, element, line, min, max, NumberStyles.None, expected);

        private decimal? Number(XmlReader xml, string element, int line, decimal min, decimal max, string expected) =>
            Parsed(xml, element, line, min, max, NumberStyles.AllowDecimalPoint, expected);

        private T? Parsed<T>(XmlReader xml, string element, int line, T min, T max, NumberStyles styles, string expected)
            where T : struct, System.Numerics.INumber<T>
        {
            if (Value(xml, element, line) is not { Length: > 0 } text)
            {
                return null;
            }

            if (T.TryParse(text, styles, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
            {
                return number;
            }

            Problem(line, element, $"is not {expected}");
            return null;
        }

        private bool? Flag(XmlReader xml, string element, int line, string expected) =>
            Whole(xml, element, line, 0, 1, expected) is { } flag ? flag == 1 : null;

        private LocalDate? Date(XmlReader xml, string element, int line)
        {
            if (Value(xml, element, line) is not { Length: > 0 } text)
            {
                return null;
            }

            if (IsoDate.Parse(text) is { Success: true } date && date.Value.Year is >= 1900 and <= 2100)
            {
                return date.Value;
            }

            Problem(line, element, "is not a date; write yyyy-MM-dd, e.g. 2026-09-30");
            return null;
        }

        /// <summary>Whether a coded item is given; its code is not the check's to judge.</summary>
        private bool Code(XmlReader xml, string element, int line) => Value(xml, element, line) is { Length: > 0 };
    }
}
