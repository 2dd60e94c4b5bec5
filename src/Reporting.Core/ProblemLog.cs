namespace Caseload.Reporting;

/// <summary>
/// The problems found in a council's input, in memory that does not grow with the input: the first
/// <see cref="Listed"/> errors and the first <see cref="Listed"/> warnings are kept as found, and the rest are
/// counted by kind (severity, code, file and column), each kind kept as one problem that says how many more there
/// were and over which lines. A million bad rows then cost a few thousand problems, and a person reads the first
/// of each kind and how far it goes instead of a million lines.
/// </summary>
public sealed class ProblemLog
{
    /// <summary>How many errors, and separately how many warnings, are kept one by one.</summary>
    public const int Listed = 1_000;

    private readonly List<Problem> listed = [];
    private readonly Dictionary<(Severity, string, string, string?), Run> runs = [];
    private int listedErrors;
    private int listedWarnings;

    /// <summary>Whether any error was found: the input is then refused whole.</summary>
    public bool HasErrors { get; private set; }

    /// <summary>How many problems were found, counted one by one.</summary>
    public long Occurrences { get; private set; }

    /// <summary>Records a problem.</summary>
    public void Add(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        Occurrences += problem.Occurrences;
        ref var kept = ref problem.Severity == Severity.Error ? ref listedErrors : ref listedWarnings;
        HasErrors |= problem.Severity == Severity.Error;
        if (kept < Listed)
        {
            kept++;
            listed.Add(problem);
            return;
        }

        var kind = (problem.Severity, problem.Code, problem.File, problem.Column);
        if (runs.TryGetValue(kind, out var run))
        {
            run.Count += problem.Occurrences;
            run.LastLine = problem.LastLine ?? problem.Line ?? run.LastLine;
        }
        else
        {
            runs[kind] = new Run(problem) { Count = problem.Occurrences, LastLine = problem.LastLine ?? problem.Line };
        }
    }

    /// <summary>Records each of several problems.</summary>
    public void AddRange(IEnumerable<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        foreach (var problem in problems)
        {
            Add(problem);
        }
    }

    /// <summary>The problems kept one by one, in the order found, then one for each kind of the rest.</summary>
    public List<Problem> ToList()
    {
        var all = new List<Problem>(listed.Count + runs.Count);
        all.AddRange(listed);
        // A kind first seen past the listed ones, once, is itself: "and 1 more like this" would say it twice.
        all.AddRange(runs.Values.Select(run => run.Count == 1 ? run.First : run.First with
        {
            Message = $"and {run.Count:N0} more like this: {run.First.Message}",
            Occurrences = run.Count,
            LastLine = run.LastLine,
        }));
        return all;
    }

    private sealed class Run(Problem first)
    {
        public Problem First { get; } = first;

        public int Count { get; set; }

        public int? LastLine { get; set; }
    }
}
