using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Caseload.Reporting.Content;

/// <summary>
/// Renders the Razor templates (Templates/*.razor: the emails and the breach page) to HTML documents. Razor encodes
/// every value, so names with &lt;, &amp;, quotes or accents come out as the text they are.
/// </summary>
public sealed class TemplateRenderer : IAsyncDisposable
{
    // An HtmlRenderer keeps every component it rendered until it is disposed: composing a nation's emails on one
    // would hold them all. It is replaced after this many.
    private const int RendersEach = 64;
    private readonly ServiceProvider services = new ServiceCollection().BuildServiceProvider();
    private HtmlRenderer renderer;
    private int rendered;

    /// <summary>Starts a renderer; dispose it when the emails are composed.</summary>
    public TemplateRenderer() => renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);

    /// <summary>Renders a template with its model into a whole HTML document titled with the subject. One render at a time.</summary>
    /// <param name="model">The template's model.</param>
    /// <param name="title">The document's title.</param>
    /// <param name="styleSheet">CSS for the document's head (a page's; emails are styled inline, as mail clients need).</param>
    public async Task<string> RenderAsync<TTemplate>(object model, string title, string? styleSheet = null) where TTemplate : IComponent
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
            + WebUtility.HtmlEncode(title) + "</title>" + (styleSheet is null ? "" : $"<style>{styleSheet}</style>") + "</head>\n" + body + "\n</html>\n";
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await renderer.DisposeAsync().ConfigureAwait(false);
        await services.DisposeAsync().ConfigureAwait(false);
    }
}
