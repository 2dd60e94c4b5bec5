using System.Text;
using Caseload.Reporting.Actions;
using NodaTime;

namespace Caseload.Reporting.Jobs.Actions;

/// <summary>
/// The breach pages' signing, from configuration: the links the weekly emails carry and the checker the page uses.
/// Links are signed with <c>Reporting:Actions:SigningKey</c> and accepted with it or any of
/// <c>Reporting:Actions:PreviousSigningKeys</c>. Without a key, or without a public address, there are no links and
/// every link is refused: a page that cannot check a link never believes one. A key shorter than 32 characters is
/// refused when the host starts (<see cref="ActionOptions.Check"/>).
/// </summary>
public sealed class ActionLinking
{
    /// <summary>Reads the settings.</summary>
    public ActionLinking(ReportingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Signer = options.Actions.SigningKey is { Length: > 0 } key
            ? new BreachLink(Encoding.UTF8.GetBytes(key), [.. options.Actions.Previous.Select(Encoding.UTF8.GetBytes)])
            : null;
        Links = Signer is not null && options.PublicBaseUrl is { IsAbsoluteUri: true } baseUrl
            ? new ActionLinks(baseUrl, Signer, Period.FromDays(Math.Max(1, options.Actions.LinkDays)))
            : null;
    }

    /// <summary>Checks links; null when no key is set.</summary>
    public BreachLink? Signer { get; }

    /// <summary>Makes links; null when no key or no public address is set.</summary>
    public ActionLinks? Links { get; }
}
