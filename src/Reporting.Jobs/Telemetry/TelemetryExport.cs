using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Caseload.Reporting.Jobs.Telemetry;

/// <summary>
/// Where the jobs' telemetry goes, by the standard settings, the same for the handler and the command line: to
/// Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (as the app's identity: the Bicep's
/// connection string says <c>Authorization=AAD</c>), over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is (with
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> and the rest of the standard's settings), to both when both are; nowhere when
/// neither is. Only the product's own source and meter are exported: no request, URL or log line, which could carry
/// a breach link or an address.
/// </summary>
public static class TelemetryExport
{
    /// <summary>The service's name in every exporter.</summary>
    public const string ServiceName = "caseload-reporting";

    /// <summary>Adds the exporters the configuration asks for.</summary>
    public static IServiceCollection AddReportingTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var insights = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        if (!otlp && string.IsNullOrWhiteSpace(insights))
        {
            return services;
        }

        // The exporters read the standard's settings from the container's configuration: the command line's has none
        // of its own, so it is given the one these settings came from (a host's own stands).
        services.TryAddSingleton(configuration);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ReportingTelemetry.Name);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }

                if (!string.IsNullOrWhiteSpace(insights))
                {
                    metrics.AddAzureMonitorMetricExporter(o => Insights(o, insights));
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(ReportingTelemetry.Name);
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }

                if (!string.IsNullOrWhiteSpace(insights))
                {
                    tracing.AddAzureMonitorTraceExporter(o => Insights(o, insights));
                }
            });
        return services;
    }

    /// <summary>
    /// Starts what <see cref="AddReportingTelemetry"/> added, where no host does (the command line): the providers
    /// are made when first asked for, and flush what they hold when the container is disposed.
    /// </summary>
    public static IServiceProvider StartTelemetry(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.GetService<MeterProvider>();
        services.GetService<TracerProvider>();
        return services;
    }

    private static void Insights(AzureMonitorExporterOptions options, string connectionString)
    {
        options.ConnectionString = connectionString;
        options.Credential = new DefaultAzureCredential();
    }
}
