using Caseload.Reporting.Calendar;
using NodaTime;

namespace Caseload.Reporting.Actions;

/// <summary>
/// The "Record what you are doing" link of each breach in a manager's email: the public address of the page with a
/// signed token for the week, the team, the worker and the manager. A link expires a set number of days after its
/// week's Monday, so that the same week always gets the same links and next week's email brings fresh ones.
/// </summary>
/// <param name="baseUrl">The Function App's public address (<c>Reporting:PublicBaseUrl</c>).</param>
/// <param name="signer">Signs the tokens.</param>
/// <param name="lifetime">How long after its week's Monday a link works.</param>
public sealed class ActionLinks(Uri baseUrl, BreachLink signer, Period lifetime)
{
    /// <summary>The path of the page, under the base address; the token follows.</summary>
    public const string PagePath = "api/breach/";

    private readonly Uri root = new((baseUrl ?? throw new ArgumentNullException(nameof(baseUrl))).AbsoluteUri.TrimEnd('/') + "/");

    /// <summary>The link to act on a worker's breach of a week.</summary>
    public Uri For(IsoWeek week, string teamId, string workerId, string manager) =>
        new(root, PagePath + signer.Sign(new LinkClaims(week, teamId, workerId, manager, Expiry(week, lifetime))));

    /// <summary>When the links of a week stop working: midnight UTC <paramref name="lifetime"/> after its Monday.</summary>
    public static DateTimeOffset Expiry(IsoWeek week, Period lifetime) =>
        new(week.Monday.Plus(lifetime).AtMidnight().ToDateTimeUnspecified(), TimeSpan.Zero);
}
