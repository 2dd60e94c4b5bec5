using Caseload.Reporting.Functions.Functions;
using Caseload.Reporting.Jobs;

var app = FunctionsHost.Build(args);
app.Run();

/// <summary>The custom handler: an ASP.NET Core app the Functions host calls over loopback HTTP.</summary>
internal static class FunctionsHost
{
    /// <summary>Builds the handler; <paramref name="configure"/> lets tests swap the server, the settings and the clock.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);

        // The host starts the executable with the port to listen on, and polls GET / until it answers.
        if (Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT") is { } port)
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }

        configure?.Invoke(builder);
        builder.Services.AddReporting(builder.Configuration);
        builder.Services.AddHostedService<Caseload.Reporting.Functions.Host.CouncilCheck>();
        BreachPages.AddTo(builder);
        var app = builder.Build();
        BreachPages.Use(app);
        ReportingFunctions.Map(app);
        return app;
    }
}
