using Caseload.Reporting.Channels.Email;
using Caseload.Reporting.Jobs;
using Caseload.Reporting.Storage;
using Caseload.Reporting.Tests.InMemory;
using Microsoft.Extensions.DependencyInjection;

namespace Caseload.Reporting.Tests;

/// <summary>The product's jobs over storage held in memory: for a job's rules, where Azurite adds nothing.</summary>
public static class MemoryReporting
{
    /// <summary>
    /// As <see cref="AzuriteFixture.Reporting"/>, over tables and blobs in memory that no other test sees — or, to be
    /// another instance of the product over the same storage, over <paramref name="storage"/> (another's <see cref="ReportingStores.Storage"/>).
    /// </summary>
    public static TestReporting Create(TimeProvider clock, string outbox, EmailSender? sender = null, IReadOnlyDictionary<string, string?>? settings = null, ReportingStorage? storage = null)
    {
        var memory = storage ?? MemoryStorage.Create();
        return TestReporting.Create("", clock, outbox, sender, settings, services => services.AddSingleton(new StorageConnection(_ => Task.FromResult(memory), clock)));
    }
}
