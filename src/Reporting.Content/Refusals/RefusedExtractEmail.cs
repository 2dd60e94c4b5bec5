using System.Security.Cryptography;
using System.Text;
using Caseload.Reporting.Calendar;
using Caseload.Reporting.Notifications;

namespace Caseload.Reporting.Content.Refusals;

/// <summary>
/// The data team's email about an extract refused as invalid: what was refused, every problem as
/// <c>file:line: column: what is wrong</c> (never a child's id: problems never quote one), and what to do. One per
/// extract version: its key is about the source, the extract and its version.
/// </summary>
public static class RefusedExtractEmail
{
    /// <summary>The most problems listed; the rest are counted.</summary>
    public const int ProblemsListed = 50;

    /// <summary>The email for a refused extract.</summary>
    /// <param name="period">The week it was pulled in.</param>
    /// <param name="sourceId">The source.</param>
    /// <param name="extract">The extract's key within the source (a folder), or empty for a source of one extract.</param>
    /// <param name="fingerprint">The extract's version.</param>
    /// <param name="problems">Why it was refused.</param>
    /// <param name="to">The data team's address.</param>
    public static Notification Compose(ReportingPeriod period, string sourceId, string extract, string fingerprint, IReadOnlyList<Problem> problems, string to)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{sourceId}\n{extract}\n{fingerprint}")));
        var where = extract.Length == 0 ? $"source '{sourceId}'" : $"'{extract}' from source '{sourceId}'";
        var text = new StringBuilder()
            .AppendLine($"The extract {where} was refused: nothing of it was stored, and last week's figures stand.")
            .AppendLine()
            .AppendLine($"{Counted.Of(Problem.Total(problems), "problem")}, each as file:line: column: what is wrong:")
            .AppendLine(Report(problems))
            .AppendLine()
            .AppendLine("Fix the extract where it is produced; the next pull takes it again once it has changed. The report is also in the Pulls table.")
            .ToString();
        return new Notification(period, NotificationKind.RefusedSnapshot, Recipient.Email(to), new EmailContent($"Caseload extract refused: {where}, {Counted.Of(Problem.Total(problems), "problem")}", text), About: digest[..16]);
    }

    /// <summary>The problems as lines, at most <see cref="ProblemsListed"/>.</summary>
    public static string Report(IReadOnlyList<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return string.Join('\n', problems.Take(ProblemsListed).Select(p => p.ToString())) + (problems.Count > ProblemsListed ? $"\n... and {Problem.Total(problems.Skip(ProblemsListed)):N0} more" : "");
    }
}
