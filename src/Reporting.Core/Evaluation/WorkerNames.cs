using System.Globalization;
using Caseload.Reporting.Snapshots;

namespace Caseload.Reporting.Evaluation;

/// <summary>
/// How workers are named in everything people read: the email's tables and chart, the suggested moves, the roll-up,
/// the digest, the breach page. A worker is named as the roster names them; two of one team with the same name (real
/// councils have them) are each followed by what tells them apart that their manager knows, in this order and only as
/// much of it as is needed: their role, their FTE, whether they are in their ASYE, whether they are agency staff.
/// Only when all of those are the same too is the roster's own id added (the council's HR or Social Work England
/// number), as the one thing left that differs. A short name ("Maya C.", for a chart's axis and the suggested moves)
/// gives way to the full one, never shortened, when two in the team would read the same.
/// </summary>
public sealed class WorkerNames
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;
    private readonly Dictionary<string, WorkerName> full;
    private readonly Dictionary<string, WorkerName> brief;

    private WorkerNames(Dictionary<string, WorkerName> full, Dictionary<string, WorkerName> brief)
    {
        this.full = full;
        this.brief = brief;
    }

    /// <summary>The names of the workers given, each told apart from the others of their team.</summary>
    /// <param name="workers">Workers of one or more teams, each once (an evaluation's, or a team's of it).</param>
    public static WorkerNames Of(IEnumerable<WorkerCaseload> workers)
    {
        ArgumentNullException.ThrowIfNull(workers);
        var full = new Dictionary<string, WorkerName>(StringComparer.Ordinal);
        var brief = new Dictionary<string, WorkerName>(StringComparer.Ordinal);
        foreach (var team in workers.GroupBy(w => w.TeamId, StringComparer.Ordinal))
        {
            foreach (var namesakes in team.GroupBy(w => Plain(w.Name), StringComparer.OrdinalIgnoreCase))
            {
                var told = namesakes.Count() == 1 ? namesakes.ToDictionary(w => w.WorkerId, w => new WorkerName(Plain(w.Name)), StringComparer.Ordinal) : Apart([.. namesakes]);
                foreach (var (id, name) in told)
                {
                    full[id] = name;
                }
            }

            foreach (var alike in team.GroupBy(w => Short(w.Name), StringComparer.OrdinalIgnoreCase))
            {
                foreach (var worker in alike)
                {
                    brief[worker.WorkerId] = alike.Count() == 1 ? new WorkerName(alike.Key) : full[worker.WorkerId];
                }
            }
        }

        return new WorkerNames(full, brief);
    }

    /// <summary>The worker's name as people read it, told apart from a namesake in their team.</summary>
    public WorkerName Full(WorkerCaseload worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return Full(worker.WorkerId, worker.Name);
    }

    /// <summary>A worker's name by their id, as <see cref="Full(WorkerCaseload)"/>; <paramref name="name"/> as it is for a worker not among those given.</summary>
    public WorkerName Full(string workerId, string name) => full.TryGetValue(workerId, out var known) ? known : new WorkerName(Plain(name));

    /// <summary>The worker's short name ("Maya C."), or their full one when the short one would be another's too.</summary>
    public WorkerName Brief(WorkerCaseload worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return brief.TryGetValue(worker.WorkerId, out var known) ? known : new WorkerName(Short(worker.Name));
    }

    /// <summary>A name on one line, its spaces single.</summary>
    private static string Plain(string name) => string.Join(' ', (name ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>"Maya Chowdhury" as "Maya C.", at most 14 characters (a chart's axis has room for no more).</summary>
    private static string Short(string name)
    {
        var parts = Plain(name).Split(' ');
        var brief = parts.Length < 2 ? Plain(name) : $"{parts[0]} {char.ToUpperInvariant(parts[^1][0])}.";
        return brief.Length > 14 ? brief[..13] + "…" : brief;
    }

    /// <summary>Namesakes, each with as few of the qualities their manager knows as tell them apart; the roster's id when none do.</summary>
    private static Dictionary<string, WorkerName> Apart(IReadOnlyList<WorkerCaseload> namesakes)
    {
        Func<WorkerCaseload, string>[] qualities =
        [
            w => Vocabulary.Describe(w.Role),
            w => $"{w.Fte.ToString("0.##", Culture)} FTE",
            w => w.Asye ? "in their ASYE" : "not in their ASYE",
            w => w.Agency ? "agency" : "not agency",
        ];
        var chosen = new List<Func<WorkerCaseload, string>>();
        int Distinct() => namesakes.Select(w => string.Join(", ", chosen.Select(q => q(w)))).Distinct(StringComparer.Ordinal).Count();
        foreach (var quality in qualities)
        {
            var before = Distinct();
            chosen.Add(quality);
            if (Distinct() == before)
            {
                chosen.RemoveAt(chosen.Count - 1);
            }

            if (Distinct() == namesakes.Count)
            {
                break;
            }
        }

        if (Distinct() < namesakes.Count)
        {
            chosen.Add(w => $"roster id {w.WorkerId}");
        }

        return namesakes.ToDictionary(w => w.WorkerId, w => new WorkerName(Plain(w.Name), string.Join(", ", chosen.Select(q => q(w)))), StringComparer.Ordinal);
    }
}

/// <summary>A worker's name as people read it: the name, and for a namesake what tells them apart.</summary>
/// <param name="Name">The name as the roster gives it, on one line.</param>
/// <param name="Apart">What tells them apart from a namesake in their team ("senior practitioner"); null when no one shares their name.</param>
public readonly record struct WorkerName(string Name, string? Apart = null)
{
    /// <summary>"Tariq O'Brien (senior practitioner)", or the name alone.</summary>
    public override string ToString() => Apart is null ? Name : $"{Name} ({Apart})";
}
