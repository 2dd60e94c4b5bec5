using Caseload.Reporting.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Caseload.Reporting.Tooling.Local;

/// <summary>The product's jobs over a local storage, through the one composition root: what the demo, the benchmarks and the tests run.</summary>
public static class LocalReporting
{
    /// <summary>The jobs over the storage in <paramref name="storage"/> with the given settings (names as in configuration, <c>Reporting:...</c>).</summary>
    /// <param name="storage">The storage's connection string.</param>
    /// <param name="settings">Other settings.</param>
    /// <param name="replace">Registers a clock or a sender of its own, used instead of the system's or the configured one.</param>
    public static ServiceProvider Build(string storage, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? replace = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>(settings) { ["Reporting:Storage"] = storage })
            .Build();
        var services = new ServiceCollection();
        replace?.Invoke(services);
        return services.AddReporting(configuration).BuildServiceProvider();
    }
}
