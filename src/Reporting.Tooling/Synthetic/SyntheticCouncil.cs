using System.Globalization;
using System.Text;
using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Tooling.Synthetic;

/// <summary>What council to make.</summary>
/// <param name="Seed">The same seed makes the same council, byte for byte.</param>
/// <param name="Weeks">How many weekly snapshots.</param>
/// <param name="Workers">How many workers on the roster.</param>
/// <param name="From">The first snapshot's date.</param>
public sealed record CouncilOptions(int Seed, int Weeks, int Workers, LocalDate From);

/// <summary>
/// A synthetic council modelled on the seeds' councils: teams of every type with managers and services; part-time,
/// ASYE and agency workers; siblings; co-worked and unallocated cases; an average caseload that falls week by week
/// from about 24 towards 17, with some workers far over. Week to week the same children stay open with the same
/// workers unless their case closes or moves, so breaches are new, continue and resolve as they do in life. A few
/// workers a year go on long absence (some open-ended, some under way when the first week begins), written to
/// absent_from and absent_to so that the children only they hold need cover; the absences come from a generator of
/// their own, so adding them changed no other figure of a seed's council. (An absent worker's caseload still moves as
/// if they were at work: the point is the cover it needs, not a model of how teams re-allocate.)
/// </summary>
public static class SyntheticCouncil
{
    private const decimal StartAverage = 24m;
    private const decimal EndAverage = 17m;

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

    /// <summary>The average caseload the council has reached in a week: 24 at the start, 17 by the last week.</summary>
    private static decimal AverageFor(int week, int weeks) =>
        weeks <= 1 ? EndAverage : EndAverage + ((StartAverage - EndAverage) * (weeks - 1 - week) / (weeks - 1));

    private sealed record SyntheticTeam(string Id, string Name, TeamType Type, string Service, decimal Establishment)
    {
        public string? ManagerId { get; set; }
    }

    private sealed record SyntheticWorker(string Id, string Name, string Email, int Team, Role Role, decimal Fte, bool Asye, bool Agency, double Pressure)
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
                var agency = role is not (Role.TeamManager or Role.Student) && random.NextDouble() < 0.16;
                var farOver = random.NextDouble() < 0.03;
                var pressure = farOver ? 1.8 + (random.NextDouble() * 0.7) : Math.Clamp(1 + (Normal() * 0.1), 0.7, 1.3);
                var first = FirstNames[random.Next(FirstNames.Length)];
                var last = LastNames[random.Next(LastNames.Length)];
                var id = $"SW{100001 + w:D6}";
                workers.Add(new SyntheticWorker(id, $"{first} {last}", $"{Ascii(first)}.{Ascii(last)}.{w + 1}@council.example", team, role, fte, asye, agency, pressure));
                held.Add([]);
                members[team].Add(w);
                if (role == Role.TeamManager)
                {
                    teams[team].ManagerId = id;
                }
            }

            Absences();
            for (var t = 0; t < teamCount; t++)
            {
                var filled = workers.Where(w => w.Team == t && !IsExempt(w.Role) && !w.Agency).Sum(w => w.Fte);
                var posts = Math.Ceiling(filled + (decimal)(random.NextDouble() * 1.5));
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

        private void Away(SyntheticWorker worker, Random draw, int span)
        {
            var from = options.From.PlusWeeks(draw.Next(-13, span)).PlusDays(draw.Next(0, 5));
            worker.Absence = new Absence(from, draw.NextDouble() < 0.35 ? null : from.PlusWeeks(draw.Next(6, 27)));
        }

        /// <summary>One week passes: some cases close, new ones are referred, caseloads move towards this week's aim.</summary>
        public void Advance(int week, LocalDate asOf)
        {
            var average = AverageFor(week, options.Weeks);
            foreach (var families in held)
            {
                families.RemoveAll(f => f.Closed || (week > 0 && random.NextDouble() < 0.03 && Close(f)));
            }

            foreach (var queue in unallocated)
            {
                queue.RemoveAll(f => f.Closed);
            }

            var order = Enumerable.Range(0, workers.Count).OrderBy(_ => random.Next()).ToList();
            foreach (var w in order.Where(w => workers[w].Role != Role.FamilyWorker && workers[w].Role != Role.Student))
            {
                var worker = workers[w];
                var aim = Aim(worker, average);
                var families = held[w];
                while (Load(families) > aim && families.Count > 0)
                {
                    // Over their aim: the newest family goes back to the team to be reallocated, or closes.
                    var family = families[^1];
                    families.RemoveAt(families.Count - 1);
                    family.Worker = -1;
                    if (random.NextDouble() < 0.5)
                    {
                        Close(family);
                    }
                    else
                    {
                        family.AllocatedOn = asOf;
                        unallocated[worker.Team].Add(family);
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

        public void WriteSnapshot(string folder, LocalDate asOf)
        {
            var culture = CultureInfo.InvariantCulture;
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
                    csv.WriteLine($"{worker.Id},{Quote(worker.Name)},{worker.Email},{teams[worker.Team].Id},{Vocabulary.Code(worker.Role)},{worker.Fte},{(worker.Asye ? "yes" : "no")},{(worker.Agency ? "yes" : "no")},{(absence is null ? "" : Date(absence.From))},{(absence?.To is { } to ? Date(to) : "")}");
                }
            }

            using (var csv = Writer(folder, "allocations.csv"))
            {
                csv.WriteLine("child_id,family_id,worker_id,team_id,case_type,allocated_on,in_proceedings,plan_start,last_visit");
                for (var w = 0; w < workers.Count; w++)
                {
                    foreach (var family in held[w])
                    {
                        WriteFamily(csv, family, workers[w].Id, asOf, family.Worker == w ? family.AllocatedOn : asOf.PlusDays(-7));
                    }
                }

                foreach (var family in unallocated.SelectMany(q => q))
                {
                    WriteFamily(csv, family, "", asOf, family.AllocatedOn);
                }
            }
        }

        private void WriteFamily(StreamWriter csv, Family family, string workerId, LocalDate asOf, LocalDate allocatedOn)
        {
            var culture = CultureInfo.InvariantCulture;
            var team = workerId.Length == 0 ? teams[family.Team].Id : "";
            foreach (var child in family.Children)
            {
                // Visits: most children seen recently, some overdue.
                var lastVisit = asOf.PlusDays(-random.Next(0, 50));
                csv.Write($"{child.Id},{family.Id},{workerId},{team},{Vocabulary.Code(child.CaseType)},{Date(allocatedOn)},{(child.InProceedings ? "yes" : "no")},");
                csv.WriteLine($"{(child.PlanStart is { } start ? Date(start) : "")},{Date(lastVisit)}");
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

        private int Aim(SyntheticWorker worker, decimal average)
        {
            if (worker.Role == Role.TeamManager)
            {
                return (int)(worker.Pressure * 2) - 1;
            }

            var protection = worker.Asye ? 0.85 : 1.05;
            var aim = (double)(average * worker.Fte) * worker.Pressure * protection;
            return Math.Max(0, (int)Math.Round(aim + (random.NextDouble() * 3) - 1.5));
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

        private double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

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
