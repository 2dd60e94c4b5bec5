using System.CommandLine;
using Caseload.Reporting.Improvement;
using Caseload.Reporting.Jobs.Settings;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting plan set|show</c>: leadership's improvement plan in storage.</summary>
internal static class PlanCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<FileInfo>("plan.json") { Description = "The plan document to make current." };
        var set = new Command("set", "Store a plan version and make it current; a stored version cannot be changed, only superseded.") { file };
        set.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var inputs = new Inputs(console);
            inputs.Plan(path);
            if (inputs.Rejected)
            {
                return inputs.Fail();
            }

            try
            {
                var stored = await console.Job<SettingsJob>().SetPlanAsync(await File.ReadAllTextAsync(path.FullName, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                await console.Out.WriteLineAsync($"current plan: {stored.Plan.Name}, version {stored.Plan.Version}, {Counted.Of(stored.Plan.Measures.Count, "measure")}").ConfigureAwait(false);
                return 0;
            }
            catch (InvalidOperationException e)
            {
                await console.Error.WriteLineAsync($"{path}: {e.Message}").ConfigureAwait(false);
                return 1;
            }
        });

        var show = new Command("show", "Print the current plan's document as it was set, so that it can be edited and set again; its name, version, when it was set and its measures in words on stderr.");
        show.SetAction(async (parse, cancellationToken) =>
        {
            if (await console.Job<SettingsJob>().PlanAsync(cancellationToken).ConfigureAwait(false) is not { } current)
            {
                await console.Error.WriteLineAsync("no improvement plan has been set; set one with `reporting plan set plan.json`").ConfigureAwait(false);
                return 1;
            }

            await console.Error.WriteLineAsync($"{current.Plan.Name}, version {current.Plan.Version}, set {current.SetAt:yyyy-MM-dd HH:mm} UTC").ConfigureAwait(false);
            foreach (var measure in current.Plan.Measures)
            {
                var metric = MetricDefinition.Of(measure.Metric);
                await console.Error.WriteLineAsync($"  {measure.Id}: {metric.Code} over {measure.Filter}, {(measure.Direction == Direction.AtMost ? "at most" : "at least")} {metric.Format(measure.Target)} by {measure.TargetDate:yyyy-MM-dd} (baseline {metric.Format(measure.Baseline.Value)} on {measure.Baseline.Date:yyyy-MM-dd}, tolerance {measure.Tolerance})").ConfigureAwait(false);
            }

            await console.Out.WriteLineAsync(current.Document).ConfigureAwait(false);
            return 0;
        });

        return new Command("plan", "Leadership's improvement plan in storage.") { set, show };
    }
}
