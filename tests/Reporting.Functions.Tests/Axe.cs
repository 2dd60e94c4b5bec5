using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace Caseload.Reporting.Tests;

/// <summary>
/// axe-core run inside the page, as axe's own documentation runs it. Deque's Playwright wrapper finishes every run
/// in a second page it opens for the purpose (for cross-origin frames, which none of these pages has), and that
/// cost 1.5 s a run against 0.4 s here. Evaluated through Playwright, so a page's content security policy, which
/// forbids scripts, does not stop it.
/// </summary>
internal static class Axe
{
    private static readonly string Source = new BundledAxeScriptProvider().GetScript();

    /// <summary>
    /// Each violation as "rule: help (the first two elements)"; every rule axe runs by default, or those of the tags
    /// given. Refuses a page on which axe found nothing to check, a sign the page did not load.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page, params string[] tags)
    {
        await page.EvaluateAsync(Source);
        var found = await page.EvaluateAsync<string[]>(
            """
            async tags => {
              const options = { resultTypes: ['violations'] };
              if (tags.length > 0) options.runOnly = { type: 'tag', values: tags };
              const result = await axe.run(document, options);
              if (result.passes.length === 0) throw new Error('axe found nothing to check');
              return result.violations.map(v => `${v.id}: ${v.help} (${v.nodes.slice(0, 2).map(n => n.html).join('; ')})`);
            }
            """,
            tags);
        return found;
    }
}
