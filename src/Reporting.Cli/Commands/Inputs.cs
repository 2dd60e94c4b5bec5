using Caseload.Reporting.Improvement;
using Caseload.Reporting.Jobs.Ingest;
using Caseload.Reporting.Policies;
using Caseload.Reporting.Snapshots;
using NodaTime;
using NodaTime.Text;

namespace Caseload.Reporting.Cli.Commands;

/// <summary>
/// Loads what a verb works on (policy, snapshots), collecting every problem of every input before giving up, so
/// that one run tells a person everything they must fix.
/// </summary>
internal sealed class Inputs(CliConsole console)
{
    private readonly List<string> problems = [];
    private long errors;

    /// <summary>Whether any input was rejected.</summary>
    public bool Rejected { get; private set; }

    /// <summary>Reads an optional yyyy-MM-dd option value.</summary>
    public LocalDate? Date(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        var parsed = LocalDatePattern.Iso.Parse(text);
        if (parsed.Success)
        {
            return parsed.Value;
        }

        Reject($"{option}: '{text}' is not a date; write yyyy-MM-dd");
        return null;
    }

    /// <summary>The improvement plan in a file; null when it cannot be read.</summary>
    public Plan? Plan(FileInfo file)
    {
        if (!file.Exists)
        {
            Reject($"{file}: the plan file does not exist");
            return null;
        }

        try
        {
            return PlanDocument.Parse(File.ReadAllText(file.FullName), file.ToString());
        }
        catch (InvalidInputException e)
        {
            Report(e.Problems, null);
            return null;
        }
    }

    /// <summary>Reads a yyyy-MM month option value.</summary>
    public YearMonth? Month(string text, string option)
    {
        var parsed = YearMonthPattern.Iso.Parse(text);
        if (parsed.Success)
        {
            return parsed.Value;
        }

        Reject($"{option}: '{text}' is not a month; write yyyy-MM, e.g. 2026-10");
        return null;
    }

    /// <summary>The policy in a file, or the built-in defaults without one.</summary>
    public Policy Policy(FileInfo? file)
    {
        if (file is null)
        {
            return Policies.Policy.Default;
        }

        if (!file.Exists)
        {
            Reject($"{file}: the policy file does not exist");
            return Policies.Policy.Default;
        }

        try
        {
            return PolicyDocument.Parse(File.ReadAllText(file.FullName), file.ToString());
        }
        catch (InvalidInputException e)
        {
            Report(e.Problems, null);
            return Policies.Policy.Default;
        }
    }

    /// <summary>The snapshot in a folder or an Annex A workbook with its roster, as ingest would read it; null when it is rejected.</summary>
    public Snapshot? Snapshot(SnapshotInput.Given given)
    {
        if (given.Folder is { } folder)
        {
            return Snapshot(folder, given.AsOf);
        }

        try
        {
            return IngestJob.ValidateAnnexA(given.Workbook!.FullName, given.Roster!.FullName, given.AsOf!.Value);
        }
        catch (InvalidInputException e)
        {
            Report(e.Problems, given.Location);
            return null;
        }
    }

    /// <summary>The snapshot in a folder, or null when it is rejected.</summary>
    public Snapshot? Snapshot(DirectoryInfo directory, LocalDate? asOf)
    {
        if (!directory.Exists)
        {
            Reject($"{directory}: the snapshot folder does not exist");
            return null;
        }

        try
        {
            return IngestJob.Validate(directory.FullName, asOf);
        }
        catch (InvalidInputException e)
        {
            Report(e.Problems, directory.ToString());
            return null;
        }
    }

    /// <summary>Writes every problem found to stderr; returns the exit code for rejected input.</summary>
    public int Fail()
    {
        foreach (var problem in problems)
        {
            console.Error.WriteLine(problem);
        }

        console.Error.WriteLine($"rejected: {Counted.Of(errors, "problem")}; nothing was used. Fix them and run again.");
        return 1;
    }

    /// <summary>Takes problems found elsewhere (a job), located under their folder.</summary>
    public void Report(IEnumerable<Problem> found, string? directory)
    {
        Rejected = true;
        foreach (var problem in found)
        {
            var located = directory is null ? problem : problem with { File = Path.Combine(directory, problem.File) };
            problems.Add(problem.Severity == Severity.Warning ? $"warning: {located}" : located.ToString());
            errors += problem.Severity == Severity.Error ? problem.Occurrences : 0;
        }
    }

    private void Reject(string message)
    {
        Rejected = true;
        problems.Add(message);
        errors++;
    }
}
