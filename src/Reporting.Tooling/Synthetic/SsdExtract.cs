using System.Globalization;
using System.Text;
using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Tooling.Synthetic;

/// <summary>One child's case in a synthetic week, as either format writes it.</summary>
/// <param name="ChildId">The child.</param>
/// <param name="FamilyId">Their family (canonical only: SSD has none).</param>
/// <param name="WorkerId">Their worker, or empty when unallocated.</param>
/// <param name="TeamId">The team the family belongs to.</param>
/// <param name="CaseType">The kind of case.</param>
/// <param name="AllocatedOn">When the worker (or, unallocated, the team) took it.</param>
/// <param name="InProceedings">Care proceedings under way.</param>
/// <param name="PlanStart">The CP or CLA plan's start.</param>
/// <param name="LastVisit">The last visit, as this worker's row records it.</param>
/// <param name="Referred">When the family was referred.</param>
internal sealed record SyntheticCase(string ChildId, string FamilyId, string WorkerId, string TeamId, CaseType CaseType, LocalDate AllocatedOn, bool InProceedings, LocalDate? PlanStart, LocalDate LastVisit, LocalDate Referred);

/// <summary>
/// A synthetic week written as the council's Standard Safeguarding Dataset tables, saying the same facts as
/// allocations.csv would, with the noise a real extract carries: other roles (IRO, personal adviser) beside the case
/// worker, ended and future involvements, closed episodes and plans of other kinds, future plans, "no current
/// eligibility" care leavers, 1900-01-01 placeholders for an open end, three date forms, visits after the date and
/// before the last, and legal statuses that are not proceedings.
/// </summary>
internal static class SsdExtract
{
    private static readonly LocalDate Placeholder = new(1900, 1, 1);

    public static void Write(string folder, IReadOnlyList<SyntheticCase> cases, LocalDate asOf, Random noise)
    {
        var children = cases.GroupBy(c => c.ChildId).ToList();
        var ids = 0;
        string Id(string prefix) => $"{prefix}{++ids}";
        string Day(LocalDate date) => noise.Next(3) switch
        {
            0 => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            1 => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + $" {noise.Next(24):00}:{noise.Next(60):00}:{noise.Next(60):00}.{noise.Next(1000):000}",
            _ => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        };

        // An open end is empty, or the placeholder some extracts write for it.
        string OpenEnd() => noise.NextDouble() < 0.2 ? Day(Placeholder) : "";

        using var episodes = Table(folder, "ssd_cin_episodes.csv", "cine_referral_id,cine_person_id,cine_referral_date,cine_close_date,cine_referral_team,cine_referral_source");
        using var assessments = Table(folder, "ssd_cin_assessments.csv", "cina_assessment_id,cina_person_id,cina_assessment_start_date,cina_assessment_auth_date");
        using var cinPlans = Table(folder, "ssd_cin_plans.csv", "cinp_cin_plan_id,cinp_person_id,cinp_cin_plan_start_date,cinp_cin_plan_end_date");
        using var cpPlans = Table(folder, "ssd_cp_plans.csv", "cppl_cp_plan_id,cppl_person_id,cppl_cp_plan_start_date,cppl_cp_plan_end_date");
        using var claEpisodes = Table(folder, "ssd_cla_episodes.csv", "clae_cla_episode_id,clae_person_id,clae_cla_episode_start_date,clae_cla_episode_ceased_date");
        using var careLeavers = Table(folder, "ssd_care_leavers.csv", "clea_table_id,clea_person_id,clea_care_leaver_eligibility");
        using var earlyHelp = Table(folder, "ssd_early_help_episodes.csv", "earl_episode_id,earl_person_id,earl_episode_start_date,earl_episode_end_date");
        using var cinVisits = Table(folder, "ssd_cin_visits.csv", "cinv_cin_visit_id,cinv_person_id,cinv_cin_visit_date");
        using var cpVisits = Table(folder, "ssd_cp_visits.csv", "cppv_cp_visit_id,cppv_person_id,cppv_cp_visit_date");
        using var claVisits = Table(folder, "ssd_cla_visits.csv", "clav_cla_visit_id,clav_person_id,clav_cla_visit_date");
        using var legal = Table(folder, "ssd_legal_status.csv", "lega_legal_status_id,lega_person_id,lega_legal_status,lega_legal_status_start_date,lega_legal_status_end_date");
        using var involvements = Table(folder, "ssd_involvements.csv", "invo_involvements_id,invo_professional_id,invo_professional_role_id,invo_person_id,invo_involvement_start_date,invo_involvement_end_date,invo_professional_team");

        foreach (var child in children)
        {
            var first = child.First();
            var person = first.ChildId;
            var unallocated = first.WorkerId.Length == 0;

            // The open referral: an unallocated child has waited in its team since the referral, or since its worker left.
            var referred = unallocated ? first.AllocatedOn : Earliest(first.Referred, first.AllocatedOn);
            episodes.WriteLine($"{Id("R")},{person},{Day(referred)},{OpenEnd()},{first.TeamId},Police");
            if (noise.NextDouble() < 0.3)
            {
                var earlier = referred.PlusDays(-noise.Next(400, 900));
                episodes.WriteLine($"{Id("R")},{person},{Day(earlier)},{Day(earlier.PlusDays(noise.Next(30, 300)))},T-closed,Schools");
            }

            // The case of its kind, open; plan and episode starts are the plan_start.
            var start = first.PlanStart ?? referred;
            switch (first.CaseType)
            {
                case CaseType.Cla:
                    claEpisodes.WriteLine($"{Id("E")},{person},{Day(start)},{OpenEnd()}");
                    break;
                case CaseType.Cp:
                    cpPlans.WriteLine($"{Id("P")},{person},{Day(start)},{OpenEnd()}");
                    break;
                case CaseType.CareLeaver:
                    careLeavers.WriteLine($"{Id("L")},{person},{(noise.NextDouble() < 0.5 ? "Relevant" : "Former relevant")}");
                    break;
                case CaseType.Cin:
                    cinPlans.WriteLine($"{Id("C")},{person},{Day(start)},{OpenEnd()}");
                    break;
                case CaseType.Assessment:
                    assessments.WriteLine($"{Id("A")},{person},{Day(start)},");
                    break;
                case CaseType.EarlyHelp:
                    earlyHelp.WriteLine($"{Id("H")},{person},{Day(start)},{OpenEnd()}");
                    break;
            }

            // Closed episodes of other kinds, a plan that starts after the date, and a care leaver with no eligibility.
            if (noise.NextDouble() < 0.4)
            {
                var closed = start.PlusDays(-noise.Next(200, 700));
                claEpisodes.WriteLine($"{Id("E")},{person},{Day(closed)},{Day(closed.PlusDays(noise.Next(20, 150)))}");
                earlyHelp.WriteLine($"{Id("H")},{person},{Day(closed)},{Day(closed.PlusDays(noise.Next(20, 150)))}");
                assessments.WriteLine($"{Id("A")},{person},{Day(closed)},{Day(closed.PlusDays(noise.Next(5, 40)))}");
            }

            if (noise.NextDouble() < 0.1 && first.CaseType is not (CaseType.Cla or CaseType.Cp))
            {
                cpPlans.WriteLine($"{Id("P")},{person},{Day(asOf.PlusDays(noise.Next(1, 20)))},");
            }

            if (noise.NextDouble() < 0.1 && first.CaseType != CaseType.CareLeaver)
            {
                careLeavers.WriteLine($"{Id("L")},{person},No Current Eligibility");
            }

            // Visits in the table of the case's kind: the latest on or before the date is each row's last visit;
            // older ones and one booked after the date besides.
            var visits = first.CaseType switch { CaseType.Cla => claVisits, CaseType.Cp => cpVisits, CaseType.Cin => cinVisits, _ => null };
            if (visits is not null)
            {
                foreach (var row in child)
                {
                    visits.WriteLine($"{Id("V")},{person},{Day(row.LastVisit)}");
                    visits.WriteLine($"{Id("V")},{person},{Day(row.LastVisit.PlusDays(-noise.Next(10, 60)))}");
                }

                if (noise.NextDouble() < 0.3)
                {
                    visits.WriteLine($"{Id("V")},{person},{Day(asOf.PlusDays(noise.Next(1, 30)))}");
                }
            }

            // Proceedings: an interim care order open on the date; other statuses and ended orders are not.
            if (first.InProceedings)
            {
                legal.WriteLine($"{Id("S")},{person},C1,{Day(asOf.PlusDays(-noise.Next(1, 200)))},{OpenEnd()}");
            }

            if (noise.NextDouble() < 0.2)
            {
                var from = asOf.PlusDays(-noise.Next(300, 900));
                legal.WriteLine($"{Id("S")},{person},{(noise.NextDouble() < 0.5 ? "V2" : "E1")},{Day(from)},");
                legal.WriteLine($"{Id("S")},{person},C1,{Day(from)},{Day(from.PlusDays(noise.Next(10, 100)))}");
            }

            // The allocation: the case worker's involvement since allocated_on; other professionals beside it.
            foreach (var row in child.Where(r => r.WorkerId.Length > 0))
            {
                involvements.WriteLine($"{Id("I")},{row.WorkerId},{(noise.NextDouble() < 0.8 ? "CW" : " allocated case worker ")},{person},{Day(row.AllocatedOn)},{OpenEnd()},{row.TeamId}");
            }

            // An earlier worker's involvement ended before the referral; another professional not allocated; a case
            // worker who starts after the date.
            if (noise.NextDouble() < 0.3)
            {
                var began = referred.PlusDays(-noise.Next(100, 400));
                involvements.WriteLine($"{Id("I")},W-former,CW,{person},{Day(began)},{Day(referred.PlusDays(-noise.Next(1, 50)))},{first.TeamId}");
            }

            if (first.CaseType is CaseType.Cla or CaseType.Cp || noise.NextDouble() < 0.2)
            {
                var role = first.CaseType == CaseType.CareLeaver ? "PA" : noise.NextDouble() < 0.7 ? "IRO" : "KEY AGENCY";
                involvements.WriteLine($"{Id("I")},IRO{noise.Next(1, 40)},{role},{person},{Day(start)},{OpenEnd()},");
            }

            if (noise.NextDouble() < 0.05 && !unallocated)
            {
                involvements.WriteLine($"{Id("I")},{first.WorkerId},CW,{person},{Day(asOf.PlusDays(noise.Next(1, 14)))},,{first.TeamId}");
            }
        }
    }

    private static LocalDate Earliest(LocalDate a, LocalDate b) => a < b ? a : b;

    private static StreamWriter Table(string folder, string file, string header)
    {
        var writer = new StreamWriter(Path.Combine(folder, file), false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        writer.WriteLine(header);
        return writer;
    }
}
