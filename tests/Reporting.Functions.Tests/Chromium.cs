using Microsoft.Playwright;

namespace Caseload.Reporting.Tests;

/// <summary>
/// Debian's Chromium, headless and with no background networking, driven by Playwright: started once for the test
/// process and shared, each test in a browser context of its own, so no cookie, storage or viewport
/// passes between tests. A start costs Playwright's driver and the browser's processes some seconds of CPU.
/// </summary>
internal static class Chromium
{
    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        // Chromium 156 renders the address bar's suggestion popups (WebUI pages) for every window, headless too: a
        // renderer and about 1.5 s of CPU a test, 7 s over the browser tests. Chromium takes the last
        // --disable-features it is given, so the list repeats the one Playwright 1.64 passes before this one.
        "--disable-features=AvoidUnnecessaryBeforeUnloadCheckSync,DestroyProfileOnBrowserClose,DialMediaRouteProvider,GlobalMediaControls,HttpsUpgrades,"
            + "LensOverlay,MediaRouter,PaintHolding,ThirdPartyStoragePartitioning,BlockOriginHeaderModificationOnRedirect,AvoidCorsURLLoaderRestartOnRedirect,"
            + "Translate,AutoDeElevate,OptimizationHints,NetworkTimeServiceQuerying,AimEnabled,WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup",
    ];

    private static readonly Lazy<Task<IBrowser>> Started = new(StartAsync);

    /// <summary>The browser, started on first use and closed when the test process ends.</summary>
    public static Task<IBrowser> BrowserAsync() => Started.Value;

    private static async Task<IBrowser> StartAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = Flags });
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // At the process's exit there is no test left to fail: a browser that cannot be closed, or not within
            // seconds, is left to Playwright's driver, which ends with this process and takes the browser with it.
            try
            {
                browser.CloseAsync().Wait(TimeSpan.FromSeconds(10));
            }
            catch (AggregateException)
            {
            }

            playwright.Dispose();
        };
        return browser;
    }
}
