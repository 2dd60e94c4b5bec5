using Caseload.Reporting.Benchmarks;

namespace Caseload.Reporting.Ingest.Benchmarks;

/// <summary>
/// The product's own copy of DfE's published figures (data/benchmarks, embedded): what is compared with until a data
/// team stores a later release. Read once, when first asked for.
/// </summary>
public static class ShippedBenchmarks
{
    /// <summary>The indicators file's name.</summary>
    public const string IndicatorsFile = "csww_indicators_2017_to_2025.csv";

    /// <summary>The neighbours file's name.</summary>
    public const string NeighboursFile = "statistical_neighbours_2025.csv";

    private static readonly Lazy<WorkforceIndicators> ShippedIndicators = new(() => Benchmarks.IndicatorsFile.Read(Bytes(IndicatorsFile), IndicatorsFile));
    private static readonly Lazy<StatisticalNeighbours> ShippedNeighbours = new(() => Benchmarks.NeighboursFile.Read(Bytes(NeighboursFile), NeighboursFile));

    /// <summary>DfE's workforce indicators as shipped.</summary>
    public static WorkforceIndicators Indicators => ShippedIndicators.Value;

    /// <summary>DfE's statistical neighbours as shipped.</summary>
    public static StatisticalNeighbours Neighbours => ShippedNeighbours.Value;

    private static byte[] Bytes(string file)
    {
        using var stream = typeof(ShippedBenchmarks).Assembly.GetManifestResourceStream($"Caseload.Reporting.Ingest.Benchmarks.{file}")
            ?? throw new InvalidOperationException($"{file} is not embedded in the build.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
