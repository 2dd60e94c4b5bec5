using Microsoft.Extensions.Time.Testing;

namespace Caseload.Reporting.Tests;

public static class Retries
{
    /// <summary>Retries wait on the injected clock: moves it on until the run is done.</summary>
    public static async Task<T> Waiting<T>(this FakeTimeProvider clock, Task<T> running)
    {
        while (!running.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        return await running;
    }
}
