using System.Globalization;
using System.Text;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Tooling.Synthetic;

/// <summary>What council to make.</summary>
/// <param name="Seed">The same seed makes the same council, byte for byte.</param>
/// <param name="Weeks">How many weekly snapshots.</param>
/// <param name="Workers">How many workers on the roster.</param>
/// <param name="From">The first snapshot's date.</param>
/// <param name="Format">How each week is written: our allocations.csv, or the council's SSD tables.</param>
public sealed record CouncilOptions(int Seed, int Weeks, int Workers, LocalDate From, SnapshotFormat Format = SnapshotFormat.Canonical);

/// <summary>How a synthetic week's cases are written; the same seed gives the same facts in either.</summary>
public enum SnapshotFormat
{
    /// <summary>allocations.csv (snapshot spec).</summary>
    Canonical,

    /// <summary>The Standard Safeguarding Dataset's tables, with the noise real extracts carry (ssd spec).</summary>
    Ssd,
}

/// <summary>
/// A synthetic council modelled on the seeds' councils: teams of every type with managers and services; part-time,
/// ASYE and agency workers (about 16% of FTE) and vacant posts (8–22% a team); siblings; co-worked and unallocated
/// cases. It tells their story: demand on its social workers starts at 1.4 times their limits, caseloads spread
/// widely (about 24 on average in frontline teams, a few far over) and most workers over their limit; it falls
/// fast at first, then slowly, to about 0.92 of the limits, the spread narrowing, so that at the end of a year about
/// 17 cases per case-holding FTE and a third of case holders over, half of those by one or two; managers protect
/// their ASYEs. Some cases are handed to a teammate each week (about a fifth of children in care see 3 or more
/// workers in a year). Visits on time rise from 80% to 91.5% of children. Week to week the same children stay open with the same
/// workers unless their case closes or moves, so breaches are new, continue and resolve as they do in life. A few
/// workers a year go on long absence (some open-ended, some under way when the first week begins), written to
/// absent_from and absent_to so that the children only they hold need cover; the absences come from a generator of
/// their own, so adding them changed no other figure of a seed's council. (An absent worker's caseload still moves as
/// if they were at work: the point is the cover it needs, not a model of how teams re-allocate.)
/// </summary>
public static class SyntheticCouncil
{
    /// <summary>Demand against limits, and the spread of workers' caseloads about it, at the start and at the end.</summary>
    private const double StartDemand = 1.4, EndDemand = 0.93, StartSpread = 0.35, EndSpread = 0.14;

    /// <summary>Children visited on time (CP within 10 working days, CLA within 6 weeks), at the start and at the end.</summary>
    private const double StartOnTime = 0.80, EndOnTime = 0.915;

    private static readonly string[] Localities =
    [
        "Chatham", "Gillingham", "Rochester", "Strood", "Rainham", "Walderslade", "Lordswood", "Hoo", "Cuxton", "Wainscott",
        "Twydall", "Luton", "Princes Park", "Hempstead", "Frindsbury", "Halling",
    ];

    private static readonly TeamType[] TeamTypes =
    [
        TeamType.Assessment, TeamType.CinCp, TeamType.ChildrenInCare, TeamType.Adolescent, TeamType.CinCp,
        TeamType.CareLeavers, TeamType.DisabledChildren, TeamType.FrontDoor, TeamType.Assessment, TeamType.CinCp,
        TeamType.ChildrenInCare, TeamType.Other,
    ];

    private static readonly string[] FirstNames =
    [
        "Amara", "Ben", "Chloe", "Dev", "Ellie", "Femi", "Grace", "Harvey", "Imogen", "Jamal", "Kate", "Liam", "Maya",
        "Noah", "Olivia", "Priya", "Quinn", "Rosie", "Sam", "Tariq", "Uma", "Vikram", "Wren", "Yasmin", "Zoe", "Siobhán", "Łukasz", "Zoë",
    ];

    private static readonly string[] LastNames =
    [
        "Adeyemi", "Baker", "Clarke", "Dhillon", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones", "Khan", "Lewis",
        "Murphy", "Nowak", "O'Brien", "Patel", "Quinn", "Robinson", "Smith", "Taylor", "Usman", "Walsh", "Young",
    ];

    /// <summary>Writes one snapshot folder per week under <paramref name="directory"/> and returns them in date order.</summary>
    public static IReadOnlyList<string> Write(CouncilOptions options, string directory)
    {
        var council = new Simulation(options);
        var folders = new List<string>();
        for (var week = 0; week < options.Weeks; week++)
        {
            var asOf = options.From.PlusWeeks(week);
            council.Advance(week, asOf);
            var folder = Path.Combine(directory, asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            council.WriteSnapshot(folder, asOf);
            folders.Add(folder);
        }

        return folders;
    }

    /// <summary>
    /// How much of the way from the start to the end a week is: mostly early, as improvement goes (four fifths of it
    /// falling like e^-3t, a fifth steadily), so that the last weeks still improve a little. A one-week council is at
    /// the end.
    /// </summary>
    private static double Progress(int week, int weeks)
    {
        if (weeks <= 1)
        {
            return 1;
        }

        var t = (double)week / (weeks - 1);
        var early = (1 - Math.Exp(-3 * t)) / (1 - Math.Exp(-3));
        return (0.8 * early) + (0.2 * t);
    }

    private static double Between(double start, double end, double progress) => start + ((end - start) * progress);

    private sealed record SyntheticTeam(string Id, string Name, TeamType Type, string Service, decimal Establishment)
    {
        public string? ManagerId { get; set; }
    }

    private sealed record SyntheticWorker(string Id, string Name, string Email, int Team, Role Role, decimal Fte, bool Asye, bool Agency, double Position, int Limit, int PermanentFrom)
    {
        public Absence? Absence { get; set; }
    }

    private sealed record Child(string Id, CaseType CaseType, bool InProceedings, LocalDate? PlanStart);

    private sealed class Family(string id, int team, Child[] children, LocalDate referred)
    {
        public string Id { get; } = id;

        public int Team { get; } = team;

        public Child[] Children { get; } = children;

        public LocalDate Referred { get; } = referred;

        public int Worker { get; set; } = -1;

        public int CoWorker { get; set; } = -1;

        public LocalDate AllocatedOn { get; set; } = referred;

        public bool Closed { get; set; }
    }

    private sealed class Simulation
    {
        private readonly CouncilOptions options;
        private readonly Random random;
        private readonly List<SyntheticTeam> teams = [];
        private readonly List<SyntheticWorker> workers = [];
        private readonly List<List<Family>> held = [];
        private readonly List<List<Family>> unallocated = [];
        private readonly List<List<int>> members = [];
        private int nextChild;
        private int nextFamily;

        public Simulation(CouncilOptions options)
        {
            this.options = options;
            random = new Random(options.Seed);
            var teamCount = Math.Max(2, (int)Math.Round(options.Workers / 8.0));
            for (var t = 0; t < teamCount; t++)
            {
                var type = TeamTypes[t % TeamTypes.Length];
                var locality = Localities[t % Localities.Length] + (t < Localities.Length ? "" : $" {(t / Localities.Length) + 1}");
                teams.Add(new SyntheticTeam($"T{t + 1:D3}", $"{locality} {Label(type)}", type, Service(type), 0m));
                unallocated.Add([]);
                members.Add([]);
            }

            for (var w = 0; w < options.Workers; w++)
            {
                var team = w % teamCount;
                var place = w / teamCount;
                var role = place switch
                {
                    0 => Role.TeamManager,
                    5 => Role.PracticeManager,
                    _ => Pick((0.09, Role.FamilyWorker), (0.03, Role.Student), (0.13, Role.SeniorPractitioner), (0.06, Role.AdvancedPractitioner), (0.69, Role.SocialWorker)),
                };
                var fte = random.NextDouble() < 0.78 ? 1.0m : Pick((0.3m, 0.8m), (0.25m, 0.6m), (0.2m, 0.5m), (0.15m, 0.9m), (0.1m, 0.7m));
                var asye = role == Role.SocialWorker && random.NextDouble() < 0.15;
                var first = FirstNames[random.Next(FirstNames.Length)];
                var last = LastNames[random.Next(LastNames.Length)];
                var id = $"SW{100001 + w:D6}";
                var limit = (int)(Policy.Default.LimitFor(new Worker(id, "", "", "", role, fte, asye, false), teams[team].Type) ?? 0);
                workers.Add(new SyntheticWorker(id, $"{first} {last}", $"{Ascii(first)}.{Ascii(last)}.{w + 1}@council.example", team, role, fte, asye, false, 0, limit, int.MaxValue));
                held.Add([]);
                members[team].Add(w);
                if (role == Role.TeamManager)
                {
                    teams[team].ManagerId = id;
                }
            }

            Positions();
            Absences();
            AgencyWorkers();
            for (var t = 0; t < teamCount; t++)
            {
                // Agency workers fill posts too; the rest of the establishment is vacant.
                var filled = workers.Where(w => w.Team == t && w.Role is not (Role.FamilyWorker or Role.Student or Role.Other)).Sum(w => w.Fte);
                var posts = Math.Ceiling(filled / (1m - (decimal)(0.08 + (random.NextDouble() * 0.14))));
                teams[t] = teams[t] with { Establishment = Math.Max(1m, posts) };
                teams[t].ManagerId = workers.FirstOrDefault(w => w.Team == t && w.Role == Role.TeamManager)?.Id;
            }
        }

        /// <summary>
        /// About 6 in 100 case holders a year begin a long absence of 6 to 26 weeks, a third of them open-ended, and
        /// a few are already away when the first week begins; at least one in any council of 20 or more.
        /// </summary>
        private void Absences()
        {
            var draw = new Random(unchecked((options.Seed * 7919) + 17));
            var span = Math.Max(1, options.Weeks);
            var chance = 0.06 * (span + 13) / 52.0;
            var holders = workers.Where(w => !IsExempt(w.Role)).ToList();
            foreach (var worker in holders)
            {
                if (draw.NextDouble() < chance)
                {
                    Away(worker, draw, span);
                }
            }

            if (holders.Count >= 20 && holders.All(w => w.Absence is null))
            {
                Away(holders[draw.Next(holders.Count)], draw, span);
            }
        }

        /// <summary>
        /// Where each worker stands in the spread of caseloads: the quantiles of a bell curve (the logistic, scaled to
        /// a standard deviation of one) dealt out at random, so that the share of workers over their limit follows
        /// the council's demand rather than the luck of the draw; the top 3% are far over.
        /// </summary>
        private void Positions()
        {
            var count = workers.Count;
            var far = (int)Math.Round(count * 0.03);
            var positions = Enumerable.Range(0, count)
                .Select(i => i >= count - far ? 2.2 + (1.5 * (i - (count - far)) / Math.Max(1, far))
                    : Math.Log((i + 0.5) / (count - i - 0.5)) * Math.Sqrt(3) / Math.PI)
                .OrderBy(_ => random.Next())
                .ToList();
            for (var w = 0; w < count; w++)
            {
                workers[w] = workers[w] with { Position = Math.Min(positions[w], 3.7) };
            }
        }

        /// <summary>
        /// A fifth of the social workers (managers among them) are agency at the start, picked from the practitioners;
        /// a quarter or so of those take a permanent post during the year. From a generator of their own, so that the
        /// rate does not wander with the council's other draws.
        /// </summary>
        private void AgencyWorkers()
        {
            var draw = new Random(unchecked((options.Seed * 104729) + 31));
            var socialWorkers = workers.Count(w => w.Role is not (Role.FamilyWorker or Role.Student or Role.Other));
            var practitioners = Enumerable.Range(0, workers.Count)
                .Where(w => workers[w].Role is Role.SocialWorker or Role.SeniorPractitioner or Role.AdvancedPractitioner && !workers[w].Asye)
                .OrderBy(_ => draw.Next())
                .Take((int)Math.Round(socialWorkers * 0.2));
            foreach (var w in practitioners)
            {
                var permanentFrom = draw.NextDouble() < 0.29 ? draw.Next(0, Math.Max(1, options.Weeks)) : int.MaxValue;
                workers[w] = workers[w] with { Agency = true, PermanentFrom = permanentFrom };
            }
        }

        private void Away(SyntheticWorker worker, Random draw, int span)
        {
            var from = options.From.PlusWeeks(draw.Next(-13, span)).PlusDays(draw.Next(0, 5));
            worker.Absence = new Absence(from, draw.NextDouble() < 0.35 ? null : from.PlusWeeks(draw.Next(6, 27)));
        }

        /// <summary>One week passes: some cases close, new ones are referred, caseloads move towards this week's aim.</summary>
        public void Advance(int week, LocalDate asOf)
        {
            var progress = Progress(week, options.Weeks);
            var (demand, spread) = (Between(StartDemand, EndDemand, progress), Between(StartSpread, EndSpread, progress));
            foreach (var families in held)
            {
                families.RemoveAll(f => f.Closed || (week > 0 && random.NextDouble() < 0.03 && Close(f)));
            }

            foreach (var queue in unallocated)
            {
                queue.RemoveAll(f => f.Closed);
            }

            // Some cases change worker anyway — a worker leaves, a case is handed over — fewer as the council settles.
            // The case goes straight to a teammate, oldest first in their list, so that balancing caseloads below
            // moves their newest case on rather than handing this one back.
            var moves = week == 0 ? 0 : Between(0.035, 0.02, progress);
            for (var w = 0; w < workers.Count; w++)
            {
                if (IsExempt(workers[w].Role))
                {
                    continue;
                }

                var mates = members[workers[w].Team].Where(m => m != w && !IsExempt(workers[m].Role)).ToList();
                foreach (var family in held[w].Where(_ => random.NextDouble() < moves).ToList())
                {
                    held[w].Remove(family);
                    if (mates.Count == 0)
                    {
                        Unallocate(family, workers[w].Team, asOf);
                        continue;
                    }

                    var to = mates[random.Next(mates.Count)];
                    family.Worker = to;
                    family.AllocatedOn = asOf;
                    held[to].Insert(0, family);
                }
            }

            var order = Enumerable.Range(0, workers.Count).OrderBy(_ => random.Next()).ToList();
            foreach (var w in order.Where(w => workers[w].Role != Role.FamilyWorker && workers[w].Role != Role.Student))
            {
                var worker = workers[w];
                var aim = Aim(worker, demand, spread);
                var families = held[w];
                while (Load(families) > aim && families.Count > 0)
                {
                    // Over their aim: the newest family goes back to the team to be reallocated, or closes.
                    var family = families[^1];
                    families.RemoveAt(families.Count - 1);
                    if (random.NextDouble() < 0.5)
                    {
                        family.Worker = -1;
                        Close(family);
                    }
                    else
                    {
                        Unallocate(family, worker.Team, asOf);
                    }
                }

                while (Load(families) < aim)
                {
                    var queue = unallocated[worker.Team];
                    var family = queue.Count > 0 ? queue[0] : Refer(worker.Team, asOf);
                    if (queue.Count > 0)
                    {
                        queue.RemoveAt(0);
                    }

                    family.Worker = w;
                    family.AllocatedOn = asOf.PlusDays(-random.Next(0, 5));
                    families.Add(family);
                }
            }

            // Family workers and students co-work families their team's social workers hold.
            foreach (var w in order.Where(w => workers[w].Role is Role.FamilyWorker or Role.Student))
            {
                var worker = workers[w];
                var families = held[w];
                families.RemoveAll(f => f.Worker < 0 && (f.CoWorker = -1) < 0);
                var aim = worker.Role == Role.Student ? 4 : 8;
                var candidates = members[worker.Team].Where(h => !IsExempt(workers[h].Role)).SelectMany(h => held[h]).Where(f => f.CoWorker < 0).ToList();
                while (Load(families) < aim && candidates.Count > 0)
                {
                    var family = candidates[random.Next(candidates.Count)];
                    candidates.Remove(family);
                    family.CoWorker = w;
                    families.Add(family);
                }
            }

            // A few referrals wait, unallocated, in each team; the rest of the queue is stepped down.
            for (var t = 0; t < teams.Count; t++)
            {
                var queue = unallocated[t];
                var waiting = random.NextDouble() < 0.4 ? random.Next(1, 4) : 0;
                while (queue.Count < waiting)
                {
                    queue.Add(Refer(t, asOf.PlusDays(-random.Next(0, 12))));
                }

                while (queue.Count > waiting)
                {
                    Close(queue[^1]);
                    queue.RemoveAt(queue.Count - 1);
                }
            }
        }

        private void Unallocate(Family family, int team, LocalDate asOf)
        {
            family.Worker = -1;
            family.AllocatedOn = asOf;
            unallocated[team].Add(family);
        }

        public void WriteSnapshot(string folder, LocalDate asOf)
        {
            var culture = CultureInfo.InvariantCulture;
            var week = Period.DaysBetween(options.From, asOf) / 7;
            File.WriteAllText(Path.Combine(folder, "snapshot.json"), $"{{\"asOf\": \"{asOf.ToString("yyyy-MM-dd", culture)}\", \"source\": \"synthetic-seed-{options.Seed}\"}}\n");

            using (var csv = Writer(folder, "teams.csv"))
            {
                csv.WriteLine("team_id,name,team_type,manager_id,service,head_of_service_email,establishment_fte");
                foreach (var team in teams)
                {
                    var service = Ascii(team.Service).Replace(' ', '.');
                    csv.WriteLine($"{team.Id},{Quote(team.Name)},{Vocabulary.Code(team.Type)},{team.ManagerId},{Quote(team.Service)},hos.{service}@council.example,{team.Establishment}");
                }
            }

            using (var csv = Writer(folder, "workers.csv"))
            {
                csv.WriteLine("worker_id,name,email,team_id,role,fte,asye,agency,absent_from,absent_to");
                foreach (var worker in workers)
                {
                    // An absence is on the roster from when it is known: once it has begun, until the week after it ends.
                    var absence = worker.Absence is { } a && a.From <= asOf && (a.To is not { } end || end.PlusWeeks(1) >= asOf) ? a : null;
                    csv.WriteLine($"{worker.Id},{Quote(worker.Name)},{worker.Email},{teams[worker.Team].Id},{Vocabulary.Code(worker.Role)},{worker.Fte},{(worker.Asye ? "yes" : "no")},{(worker.Agency && week < worker.PermanentFrom ? "yes" : "no")},{(absence is null ? "" : Date(absence.From))},{(absence?.To is { } to ? Date(to) : "")}");
                }
            }

            var onTime = Between(StartOnTime, EndOnTime, Progress(week, options.Weeks));
            var cases = new List<SyntheticCase>();
            for (var w = 0; w < workers.Count; w++)
            {
                foreach (var family in held[w])
                {
                    AddFamily(cases, family, workers[w].Id, asOf, family.Worker == w ? family.AllocatedOn : asOf.PlusDays(-7), onTime);
                }
            }

            foreach (var family in unallocated.SelectMany(q => q))
            {
                AddFamily(cases, family, "", asOf, family.AllocatedOn, onTime);
            }

            if (options.Format == SnapshotFormat.Ssd)
            {
                // The noise has a generator of its own, so that the facts are the same whichever format is written.
                SsdExtract.Write(folder, cases, asOf, new Random(unchecked((options.Seed * 15485863) + week)));
                return;
            }

            using var allocations = Writer(folder, "allocations.csv");
            allocations.WriteLine("child_id,family_id,worker_id,team_id,case_type,allocated_on,in_proceedings,plan_start,last_visit");
            foreach (var c in cases)
            {
                allocations.Write($"{c.ChildId},{c.FamilyId},{c.WorkerId},{(c.WorkerId.Length == 0 ? c.TeamId : "")},{Vocabulary.Code(c.CaseType)},{Date(c.AllocatedOn)},{(c.InProceedings ? "yes" : "no")},");
                allocations.WriteLine($"{(c.PlanStart is { } start ? Date(start) : "")},{Date(c.LastVisit)}");
            }
        }

        private void AddFamily(List<SyntheticCase> cases, Family family, string workerId, LocalDate asOf, LocalDate allocatedOn, double onTime)
        {
            foreach (var child in family.Children)
            {
                // Visits: a CP child is due every 10 working days (11 calendar days is within them, 16 is past them
                // whatever the holidays), a looked-after child every 6 weeks; most are seen on time, some are overdue.
                var due = child.CaseType switch { CaseType.Cp => 11, CaseType.Cla => 41, _ => 0 };
                var lastVisit = asOf.PlusDays(-(due == 0 ? random.Next(0, 50)
                    : random.NextDouble() < onTime ? random.Next(0, due + 1)
                    : random.Next(due + 5, (due * 2) + 20)));
                cases.Add(new SyntheticCase(child.Id, family.Id, workerId, teams[family.Team].Id, child.CaseType, allocatedOn, child.InProceedings, child.PlanStart, lastVisit, family.Referred));
            }
        }

        private Family Refer(int team, LocalDate referred)
        {
            var type = teams[team].Type;
            var size = Pick((0.55, 1), (0.25, 2), (0.13, 3), (0.07, 4));
            var caseType = CaseTypeFor(type);
            var children = new Child[size];
            for (var c = 0; c < size; c++)
            {
                // Looks like a case management system's person number: seven digits, in no obvious order.
                var id = (1_000_000 + ((long)nextChild++ * 7919 % 9_000_000)).ToString(CultureInfo.InvariantCulture);
                var inProceedings = caseType is CaseType.Cp or CaseType.Cla && random.NextDouble() < 0.15;
                LocalDate? planStart = caseType is CaseType.Cp or CaseType.Cla ? referred.PlusDays(-random.Next(0, caseType == CaseType.Cp ? 800 : 1500)) : null;
                children[c] = new Child(id, caseType, inProceedings, planStart);
            }

            return new Family($"F{100000 + nextFamily++}", team, children, referred) { AllocatedOn = referred };
        }

        private static bool Close(Family family)
        {
            family.Closed = true;
            return true;
        }

        /// <summary>
        /// The caseload a worker is given this week: their limit times the council's demand, moved by where they stand
        /// in their team's spread (a worker far over stays the furthest over, less so as the spread narrows); an ASYE
        /// is kept a fifth lower. Team managers hold one or two cases.
        /// </summary>
        private int Aim(SyntheticWorker worker, double demand, double spread)
        {
            if (worker.Role == Role.TeamManager)
            {
                return Math.Clamp((int)Math.Round(1 + (worker.Position * 0.5)), 0, 3);
            }

            var share = 1 + (worker.Position * spread) - (worker.Asye ? 0.2 : 0);
            var aim = worker.Limit * demand * Math.Max(0.4, share);
            // A week's ups and downs: a referral in, a case closed; most weeks neither.
            var roll = random.NextDouble();
            return Math.Max(0, (int)Math.Round(aim) + (roll < 0.1 ? 1 : roll < 0.2 ? -1 : 0));
        }

        private CaseType CaseTypeFor(TeamType team) => team switch
        {
            TeamType.Assessment or TeamType.FrontDoor => Pick((0.7, CaseType.Assessment), (0.15, CaseType.Cin), (0.15, CaseType.EarlyHelp)),
            TeamType.CinCp => Pick((0.45, CaseType.Cin), (0.45, CaseType.Cp), (0.1, CaseType.Other)),
            TeamType.Adolescent => Pick((0.3, CaseType.Cin), (0.3, CaseType.Cp), (0.3, CaseType.Cla), (0.1, CaseType.EarlyHelp)),
            TeamType.ChildrenInCare => Pick((0.9, CaseType.Cla), (0.1, CaseType.Other)),
            TeamType.CareLeavers => CaseType.CareLeaver,
            TeamType.DisabledChildren => Pick((0.6, CaseType.Cin), (0.25, CaseType.Cla), (0.15, CaseType.Cp)),
            _ => Pick((0.4, CaseType.Cin), (0.3, CaseType.Cp), (0.2, CaseType.Cla), (0.1, CaseType.Other)),
        };

        private T Pick<T>(params (double Chance, T Value)[] choices)
        {
            var roll = random.NextDouble();
            foreach (var (chance, value) in choices)
            {
                if ((roll -= chance) < 0)
                {
                    return value;
                }
            }

            return choices[^1].Value;
        }

        private T Pick<T>(params (decimal Chance, T Value)[] choices) => Pick(Array.ConvertAll(choices, c => ((double)c.Chance, c.Value)));


        private static int Load(List<Family> families) => families.Sum(f => f.Children.Length);

        private static bool IsExempt(Role role) => role is Role.TeamManager or Role.FamilyWorker or Role.Student;

        private static string Date(LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static StreamWriter Writer(string folder, string file) =>
            new(Path.Combine(folder, file), false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };

        private static string Quote(string value) =>
            value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

        // The names' few accented letters, spelled out: Unicode decomposition is not available under invariant globalization.
        private static string Ascii(string name) =>
            new string(name.Replace('á', 'a').Replace('ë', 'e').Replace('Ł', 'L').Where(c => char.IsAsciiLetter(c) || c == ' ').ToArray()).ToLowerInvariant();

        private static string Label(TeamType type) => type switch
        {
            TeamType.Assessment => "Assessment Team",
            TeamType.CinCp => "Child in Need and Protection Team",
            TeamType.Adolescent => "Adolescent Team",
            TeamType.ChildrenInCare => "Children in Care Team",
            TeamType.CareLeavers => "Care Leavers Team",
            TeamType.DisabledChildren => "Disabled Children's Team",
            TeamType.FrontDoor => "Front Door",
            _ => "Family Support Team",
        };

        private static string Service(TeamType type) => type switch
        {
            TeamType.Assessment or TeamType.FrontDoor => "Front Door and Assessment",
            TeamType.CinCp => "Safeguarding",
            TeamType.Adolescent => "Adolescent Services",
            TeamType.ChildrenInCare or TeamType.CareLeavers => "Children in Care",
            _ => "Disabled Children and Family Support",
        };
    }
}
