using System.Text;
using Caseload.Reporting.Actions;
using NodaTime;

namespace Caseload.Reporting.Jobs.Actions;

/// <summary>
/// The breach pages' signing, from configuration: the links the weekly emails carry and the checker the page uses.
/// Without a key of at least 32 characters, or without a public address, there are no links and every link is
/// refused: a page that cannot check a link never believes one.
/// </summary>
public sealed class ActionLinking
{
    /// <summary>Reads the settings.</summary>
    public ActionLinking(ReportingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = options.Actions.SigningKey is { } text ? Encoding.UTF8.GetBytes(text) : [];
        Signer = key.Length >= BreachLink.KeyBytes ? new BreachLink(key) : null;
        Links = Signer is not null && options.PublicBaseUrl is { IsAbsoluteUri: true } baseUrl
            ? new ActionLinks(baseUrl, Signer, Period.FromDays(Math.Max(1, options.Actions.LinkDays)))
            : null;
    }

    /// <summary>Checks links; null when no key is set.</summary>
    public BreachLink? Signer { get; }

    /// <summary>Makes links; null when no key or no public address is set.</summary>
    public ActionLinks? Links { get; }
}
