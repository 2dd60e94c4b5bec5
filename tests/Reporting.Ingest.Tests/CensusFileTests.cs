using System.Text;
using Caseload.Reporting.Census;
using Caseload.Reporting.Ingest.Census;

namespace Caseload.Reporting.Tests;

/// <summary>The census return's reader on files written by hand: what it reads, what it refuses and where, and what it never reads.</summary>
public class CensusFileTests
{
    private const string Header = "<Header><CollectionDetails><Collection>CSWW</Collection><Year>2026</Year><ReferenceDate>2026-09-30</ReferenceDate></CollectionDetails><Source><LEA>887</LEA></Source></Header>";

    private static CensusReturn Read(string xml) => CensusFile.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)), "census.xml");

    private static string[] Problems(string xml) => [.. Read(xml).Problems.Select(p => p.ToString())];

    [Fact]
    public void A_worker_reads_whatever_order_and_namespace_its_elements_come_in()
    {
        var census = Read($"""
            <Message xmlns="http://www.example/csww">{Header}<LALevelVacancies><NumberOfVacancies>4.5</NumberOfVacancies></LALevelVacancies>
            <CSWWWorker><Cases30>12</Cases30><FTE30>0.8</FTE30><OrgRole>5</OrgRole><SWENo>sw123456</SWENo><AgencyWorker>0</AgencyWorker><CFKSSstatus>1</CFKSSstatus><Absat30Sept>1</Absat30Sept></CSWWWorker>
            </Message>
            """);

        Assert.Empty(census.Problems);
        Assert.True(census.ReadToEnd);
        Assert.Equal(4.5m, census.Header.Vacancies);
        var worker = Assert.Single(census.Workers);
        Assert.Equal(("SW123456", 12, 0.8m, true, true), (worker.SweNumber, worker.Cases30!.Value, worker.Fte30!.Value, worker.Asye, worker.AbsentOnCensusDay!.Value));
    }

    [Fact]
    public void Each_element_that_does_not_read_is_a_problem_at_its_line_and_no_value_is_quoted()
    {
        var problems = Problems($"""
            <Message>{Header}
            <CSWWWorker>
              <AgencyWorker>2</AgencyWorker>
              <SWENo>SW12</SWENo>
              <FTE30>1.5</FTE30>
              <OrgRole>5</OrgRole>
              <RoleEndDate>31/03/2026</RoleEndDate>
              <Cases30><b>3</b></Cases30>
            </CSWWWorker>
            </Message>
            """);

        Assert.Equal(
            [
                "census.xml:3: AgencyWorker: is not 0 (employed by the council) or 1 (agency)",
                "census.xml:4: SWENo: is not a Social Work England number; write two letters and 4 to 12 digits, e.g. SW123456",
                "census.xml:5: FTE30: is not a number from 0 to 1, e.g. 0.6",
                "census.xml:7: RoleEndDate: is not a date; write yyyy-MM-dd, e.g. 2026-09-30",
                "census.xml:8: Cases30: holds other elements where a value belongs; give the value alone",
                "census.xml:2: SWENo: every worker needs their Social Work England number: the census names them by it",
                "census.xml:2: FTE30: a worker in post needs FTE30, their FTE on the census day",
            ],
            problems);
    }

    [Fact]
    public void A_header_without_its_reference_date_says_so_beside_every_other_problem_and_the_day_is_the_years_30_september()
    {
        var census = Read("""
            <Message><Header><CollectionDetails><Collection>CSWW</Collection><Year>2026</Year></CollectionDetails></Header>
            <CSWWWorker><SWENo>SW123456</SWENo><AgencyWorker>0</AgencyWorker><OrgRole>5</OrgRole></CSWWWorker></Message>
            """);

        Assert.Equal(
            [
                "census.xml:1: ReferenceDate: the header has no ReferenceDate, the census day; give it as yyyy-MM-dd, e.g. 2026-09-30",
                "census.xml:2: FTE30: a worker in post needs FTE30, their FTE on the census day",
            ],
            census.Problems.Select(p => p.ToString()));
        Assert.Equal(new NodaTime.LocalDate(2026, 9, 30), census.Header.ReferenceDate);
    }

    [Fact]
    public void Two_records_on_the_census_day_with_one_swe_number_are_a_problem_at_the_second()
    {
        Assert.Equal(
            ["census.xml:3: SWENo: repeats the SWENo of the worker at line 2, also in post or agency; a worker has one record on the census day"],
            Problems($"""
                <Message>{Header}
                <CSWWWorker><SWENo>SW123456</SWENo><AgencyWorker>0</AgencyWorker><FTE30>1</FTE30><OrgRole>5</OrgRole></CSWWWorker>
                <CSWWWorker><SWENo>sw123456</SWENo><AgencyWorker>1</AgencyWorker><FTE>1</FTE></CSWWWorker>
                <CSWWWorker><SWENo>SW123456</SWENo><AgencyWorker>0</AgencyWorker><FTE>1</FTE><RoleEndDate>2026-03-31</RoleEndDate><ReasonLeave>1</ReasonLeave><LeaverDestination>2</LeaverDestination></CSWWWorker>
                </Message>
                """));
    }

    [Fact]
    public void A_document_type_is_refused_unread_so_no_entity_is_ever_expanded()
    {
        var problems = Problems("""
            <?xml version="1.0"?>
            <!DOCTYPE Message [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <Message><CSWWWorker><SWENo>&b;</SWENo></CSWWWorker></Message>
            """);

        Assert.Equal(["census.xml: the file declares a document type (DTD), which a return never has and which is not read; export the return again from the HR system as COLLECT's XML"], problems);
    }

    [Fact]
    public void A_file_that_is_not_a_return_says_so_at_its_first_element()
    {
        Assert.Equal(["census.xml:1: Workbook: the file is not a workforce census return: its first element is not Message; check it is the CSWW return"], Problems("<Workbook><Sheet/></Workbook>"));
        Assert.False(Read("<Message>" + Header + "<CSWWWorker><SWENo>SW123456</SWENo>").ReadToEnd);
    }
}
