using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Caseload.Reporting.Email.Weekly;

/// <summary>
/// Renders the Razor email templates (Templates/*.razor) to HTML documents. Razor encodes every value, so names
/// with &lt;, &amp;, quotes or accents come out as the text they are.
/// </summary>
public sealed class EmailRenderer : IAsyncDisposable
{
    // An HtmlRenderer keeps every component it rendered until it is disposed: composing a nation's emails on one
    // would hold them all. It is replaced after this many.
    private const int RendersEach = 64;
    private readonly ServiceProvider services = new ServiceCollection().BuildServiceProvider();
    private HtmlRenderer renderer;
    private int rendered;

    /// <summary>Starts a renderer; dispose it when the emails are composed.</summary>
    public EmailRenderer() => renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);

    /// <summary>Renders a template with its model into a whole HTML document titled with the subject. One render at a time.</summary>
    public async Task<string> RenderAsync<TTemplate>(object model, string title) where TTemplate : IComponent
    {
        if (++rendered > RendersEach)
        {
            await renderer.DisposeAsync().ConfigureAwait(false);
            renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
            rendered = 1;
        }

        var body = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TTemplate>(ParameterView.FromDictionary(new Dictionary<string, object?> { ["Model"] = model })).ConfigureAwait(false);
            return output.ToHtmlString();
        }).ConfigureAwait(false);
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"
            + WebUtility.HtmlEncode(title) + "</title></head>\n" + body + "\n</html>\n";
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await renderer.DisposeAsync().ConfigureAwait(false);
        await services.DisposeAsync().ConfigureAwait(false);
    }
}
