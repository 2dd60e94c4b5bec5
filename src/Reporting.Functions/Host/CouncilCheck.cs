using Caseload.Reporting.Jobs.Benchmarks;
using Caseload.Reporting.Storage;

namespace Caseload.Reporting.Functions.Host;

/// <summary>
/// At start, before the handler answers the Functions host: the council <c>Reporting:Council:Code</c> names must be in
/// DfE's figures in use, or the handler does not start, saying which setting to correct (the host logs it). Storage
/// that cannot be reached yet does not stop the start: the monthly job checks again when it runs.
/// </summary>
internal sealed partial class CouncilCheck(BenchmarkJob benchmarks, ILogger<CouncilCheck> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await benchmarks.CheckCouncilAsync(cancellationToken);
        }
        catch (Exception e) when (e is StorageUnavailableException or StorageSettingException)
        {
            CouldNotCheck(log, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The council's code could not be checked against the published figures in use at start: {Reason}")]
    private static partial void CouldNotCheck(ILogger logger, string reason);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
