using Caseload.Reporting.Actions;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Capacity;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;
using NodaTime;

namespace Caseload.Reporting.Evaluation;

/// <summary>
/// Who is over their caseload limit, by how much and since when, as at one snapshot under one policy
/// (policy spec, "Per worker" and "Per team"). Workers are sorted by team then worker, teams by team.
/// </summary>
/// <param name="AsOf">The date the snapshot describes.</param>
/// <param name="Week">The ISO week of <paramref name="AsOf"/>.</param>
/// <param name="PolicyVersion">The version of the policy applied.</param>
/// <param name="LimitOn">Whether limits applied to counts or weighted loads (it decides how limits are rounded).</param>
/// <param name="Workers">Every worker on the roster, with or without cases.</param>
/// <param name="Teams">Every team.</param>
/// <param name="Totals">The council's figures.</param>
/// <param name="DataQuality">The snapshot's warnings.</param>
public sealed record CaseloadEvaluation(
    LocalDate AsOf,
    IsoWeek Week,
    string PolicyVersion,
    LimitOn LimitOn,
    IReadOnlyList<WorkerCaseload> Workers,
    IReadOnlyList<TeamCaseload> Teams,
    CaseloadFigures Totals,
    IReadOnlyList<Problem> DataQuality)
{
    /// <summary>The version of the policy applied; never empty.</summary>
    public string PolicyVersion { get; init => field = Must.NotEmpty(value, nameof(PolicyVersion)); } = Must.NotEmpty(PolicyVersion, nameof(PolicyVersion));

    /// <summary>The council's capacity: its teams' summed.</summary>
    public CapacityTotals Capacity => CapacityTotals.Of(Teams.Select(t => t.Capacity));

    /// <summary>Evaluates a snapshot's caseloads under a policy, against the previous evaluation when there is one.</summary>
    /// <param name="caseloads">The caseloads, from <see cref="CaseloadSummary.Of"/> or from storage.</param>
    /// <param name="policy">The council's policy.</param>
    /// <param name="previous">
    /// The previous week's evaluation. Without one, every breach is new: it is the first week watched.
    /// </param>
    /// <param name="week">
    /// The week reported on, when it is not the snapshot's own (a week whose snapshot is late), with the actions
    /// recorded on its breaches by the time it is evaluated. Without it: the snapshot's week, no actions, escalation
    /// from the weeks in breach alone.
    /// </param>
    /// <param name="history">
    /// The stored snapshots before this one (the weekly job): a breach is then as old as they say (overSince).
    /// Without it, weeks in breach count on from the previous evaluation.
    /// </param>
    public static CaseloadEvaluation Evaluate(CaseloadSummary caseloads, Policy policy, CaseloadEvaluation? previous = null, ActionsInWeek? week = null, BreachHistory? history = null)
    {
        ArgumentNullException.ThrowIfNull(caseloads);
        ArgumentNullException.ThrowIfNull(policy);
        week ??= new ActionsInWeek(IsoWeek.Of(caseloads.AsOf), DateTimeOffset.MaxValue, BreachActions.None);

        var teamIndex = new Dictionary<string, int>(caseloads.Teams.Count);
        for (var t = 0; t < caseloads.Teams.Count; t++)
        {
            teamIndex[caseloads.Teams[t].Team.Id] = t;
        }

        var weights = Enum.GetValues<CaseType>().Select(c => policy.Weights.Of(c, inProceedings: false)).ToArray();
        var before = previous?.Workers.ToDictionary(w => w.WorkerId, StringComparer.Ordinal);
        var workers = new WorkerCaseload[caseloads.Workers.Count];
        var tally = new Tally[caseloads.Teams.Count];
        var total = default(Tally);

        // Each team's workers as a chain of indices, for the few teams that have moves to suggest.
        var firstOfTeam = new int[caseloads.Teams.Count];
        var nextInTeam = new int[workers.Length];
        Array.Fill(firstOfTeam, -1);
        for (var w = 0; w < workers.Length; w++)
        {
            var holdings = caseloads.Workers[w];
            var t = teamIndex[holdings.Worker.TeamId];
            var caseload = policy.CountBy == CountBy.Child ? holdings.Children : holdings.Families;
            var weightedLoad = holdings.InProceedings * policy.Weights.InProceedingsUplift;
            for (var c = 0; c < weights.Length; c++)
            {
                weightedLoad += holdings.ByCaseType[c] * weights[c];
            }

            workers[w] = Assess(holdings.Worker, caseloads.Teams[t].Team, caseload, weightedLoad, policy, before?.GetValueOrDefault(holdings.Worker.Id), week, caseloads.AsOf, history);
            tally[t].Add(workers[w]);
            total.Add(workers[w]);
            (nextInTeam[w], firstOfTeam[t]) = (firstOfTeam[t], w);
        }

        var pressuresBefore = previous?.Teams.ToDictionary(t => t.TeamId, t => t.Capacity.Pressures, StringComparer.Ordinal);
        var teams = new TeamCaseload[caseloads.Teams.Count];
        for (var t = 0; t < teams.Length; t++)
        {
            var holdings = caseloads.Teams[t];
            var team = holdings.Team;
            IReadOnlyList<CaseMove> moves = [];
            if (policy.LimitOn == LimitOn.Count && tally[t].CanMove)
            {
                var members = new List<WorkerCaseload>();
                for (var w = firstOfTeam[t]; w >= 0; w = nextInTeam[w])
                {
                    members.Add(workers[w]);
                }

                moves = CaseMoves.Suggest(members);
            }

            teams[t] = new TeamCaseload(team.Id, team.Name, team.Type, tally[t].Figures(holdings.Cases, holdings.Unallocated),
                tally[t].Capacity(holdings, moves, policy, pressuresBefore?.GetValueOrDefault(team.Id)));
        }

        Array.Sort(workers, (a, b) => (string.CompareOrdinal(a.TeamId, b.TeamId) is var byTeam && byTeam != 0) ? byTeam : string.CompareOrdinal(a.WorkerId, b.WorkerId));
        Array.Sort(teams, (a, b) => string.CompareOrdinal(a.TeamId, b.TeamId));
        return new CaseloadEvaluation(
            caseloads.AsOf,
            week.Week,
            policy.Version,
            policy.LimitOn,
            workers,
            teams,
            total.Figures(caseloads.Cases, caseloads.Unallocated),
            caseloads.Warnings);
    }

    private static WorkerCaseload Assess(Worker worker, Team team, int caseload, decimal weightedLoad, Policy policy, WorkerCaseload? before, ActionsInWeek week, LocalDate asOf, BreachHistory? history)
    {
        var limit = policy.LimitFor(worker, team.Type);
        var load = policy.LimitOn == LimitOn.Count ? caseload : weightedLoad;
        var band = policy.BandFor(load, limit);
        var overBy = limit is { } value && load > value ? load - value : 0m;

        var now = band is Band.Amber or Band.Red;
        var then = before?.InBreach ?? false;
        BreachStatus? status = (now, then) switch
        {
            (true, false) => BreachStatus.New,
            (true, true) => BreachStatus.Continuing,
            (false, true) => BreachStatus.Resolved,
            _ => null,
        };
        var run = now ? history?.RunOf(worker.Id, asOf, week.Week) : null;
        var weeksInBreach = run?.Weeks ?? status switch
        {
            BreachStatus.New => 1,
            BreachStatus.Continuing => before!.WeeksInBreach + 1,
            _ => 0,
        };

        var absent = worker.AbsentOn(asOf);
        var headroom = limit is { } room && !absent && load < room ? room - load : 0m;
        var assessed = new WorkerCaseload(
            worker.Id, worker.Name, team.Id, worker.Role, worker.Fte, worker.Asye, worker.Agency,
            caseload, weightedLoad, limit, overBy, band, status, weeksInBreach, absent, headroom, BreachFollowUp.None)
        {
            OverSince = run?.OverSince,
            HistoryStarts = run?.HistoryStarts ?? false,
        };
        return weeksInBreach == 0 ? assessed : assessed with { FollowUp = BreachFollowUp.Of(assessed, week.Week, week.EvaluatedAt, week.Actions, policy.Escalation) };
    }

    /// <summary>Sums of one group's workers, from which its figures follow.</summary>
    private struct Tally
    {
        private int caseHolders;
        private int caseload;
        private decimal fte;
        private int overLimit;
        private decimal headroom;
        private decimal excess;
        private int givers;
        private int receivers;

        /// <summary>A present worker over their limit and another with room: moves can be suggested.</summary>
        public readonly bool CanMove => givers > 0 && receivers > 0;

        public void Add(WorkerCaseload worker)
        {
            if (worker.Limit is null)
            {
                return;
            }

            caseHolders++;
            caseload += worker.Caseload;
            fte += worker.Fte;
            overLimit += worker.InBreach ? 1 : 0;
            if (!worker.Absent)
            {
                headroom += worker.Headroom;
                excess += worker.OverBy;
                givers += worker.OverBy > 0 ? 1 : 0;
                receivers += worker.Headroom > 0 ? 1 : 0;
            }
        }

        /// <summary>The team's capacity (capacity spec), its pressure carried on from the previous week's.</summary>
        public readonly TeamCapacity Capacity(TeamHoldings holdings, IReadOnlyList<CaseMove> moves, Policy policy, IReadOnlyList<decimal>? pressuresBefore)
        {
            var cover = holdings.Cover.Load(policy);
            var waiting = holdings.Waiting.Load(policy);
            return new TeamCapacity(headroom, excess, cover, waiting, policy.Limits.For(holdings.Team.Type), moves, TeamCapacity.Carried(pressuresBefore, excess + waiting + cover - headroom));
        }

        public readonly CaseloadFigures Figures(int cases, int unallocated) => new(
            caseHolders,
            cases,
            caseHolders == 0 ? null : (decimal)caseload / caseHolders,
            caseHolders == 0 ? null : caseload / fte,
            overLimit,
            unallocated);
    }
}

/// <summary>The week an evaluation reports on, when it was evaluated, and the actions recorded on its breaches by then.</summary>
/// <param name="Week">The week.</param>
/// <param name="EvaluatedAt">When it is evaluated: actions recorded later are not counted in it.</param>
/// <param name="Actions">The actions on the breaches that may be open in the week.</param>
public sealed record ActionsInWeek(IsoWeek Week, DateTimeOffset EvaluatedAt, BreachActions Actions);
