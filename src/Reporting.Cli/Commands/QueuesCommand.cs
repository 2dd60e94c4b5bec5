using System.CommandLine;
using System.Globalization;
using Caseload.Reporting.Content.Monthly;
using Caseload.Reporting.Jobs.Queues;

namespace Caseload.Reporting.Cli.Commands;

/// <summary><c>reporting queues</c>: the Service Bus queues, their dead letters, and putting them back.</summary>
internal static class QueuesCommand
{
    public static Command Create(CliConsole console)
    {
        var queues = new Command("queues", "Each of the product's Service Bus queues (Reporting:ServiceBus) with its messages waiting and dead-lettered; counting moves nothing.");
        queues.SetAction(async (_, cancellationToken) =>
        {
            var counts = await console.Job<QueuesJob>().CountAsync(cancellationToken).ConfigureAwait(false);
            var table = new DigestTable("Queues", ["queue", "waiting", "dead-lettered"], [false, true, true],
                [.. counts.Select(c => (IReadOnlyList<Cell>)[c.Queue, Count(c.Messages, c.AtLeast), Count(c.DeadLetters, c.AtLeast)])]);
            foreach (var line in table.TextLines(""))
            {
                await console.Out.WriteLineAsync(line).ConfigureAwait(false);
            }

            if (counts.Any(c => c.DeadLetters > 0))
            {
                await console.Error.WriteLineAsync("see what each dead letter was for with `reporting queues dead-letters --queue <queue>`; put them back with `reporting queues replay --queue <queue> --yes`").ConfigureAwait(false);
            }

            return 0;
        });

        var queue = Queue();
        var deadLetters = new Command("dead-letters", "List a queue's dead letters, oldest first: when each was queued, how often it was delivered, why it was dead-lettered and what it was for (a notification's period, kind and recipient; a pull's source). Never a message's body.") { queue };
        deadLetters.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = parse.GetValue(queue)!;
            var letters = await console.Job<QueuesJob>().DeadLettersAsync(chosen, cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"{chosen}: {Counted.Of(letters.Count, "dead letter")}{(letters.Count >= QueuesJob.MostCounted ? " listed (there may be more)" : "")}").ConfigureAwait(false);
            foreach (var letter in letters)
            {
                var why = letter.Reason is null ? "no reason given" : letter.Description is null ? letter.Reason : $"{letter.Reason}: {letter.Description}";
                await console.Out.WriteLineAsync($"  #{letter.SequenceNumber.ToString(CultureInfo.InvariantCulture)} queued {letter.EnqueuedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, {Counted.Of(letter.Deliveries, "delivery", "deliveries")}, {why}; for {letter.For}").ConfigureAwait(false);
            }

            return 0;
        });

        var replayQueue = Queue();
        var yes = new Option<bool>("--yes") { Description = "Move them: without it, nothing is moved and the command says how many it would move." };
        var replay = new Command("replay", "Put a queue's dead letters back on the queue and remove them from its dead-letter queue. Safe to run at any time: every message's work is idempotent (a notification already sent is not sent again, an extract already stored is not stored again), so a message put back whose work was done does nothing.") { replayQueue, yes };
        replay.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = parse.GetValue(replayQueue)!;
            var job = console.Job<QueuesJob>();
            if (!parse.GetValue(yes))
            {
                var waiting = await job.DeadLettersAsync(chosen, cancellationToken).ConfigureAwait(false);
                await console.Error.WriteLineAsync($"{chosen}: would put {Counted.Of(waiting.Count, "dead letter")} back on the queue; nothing was moved. Run again with --yes to move them.").ConfigureAwait(false);
                return 1;
            }

            var moved = await job.ReplayAsync(chosen, cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"{chosen}: {Counted.Of(moved, "dead letter")} put back on the queue").ConfigureAwait(false);
            return 0;
        });

        queues.Subcommands.Add(deadLetters);
        queues.Subcommands.Add(replay);
        return queues;
    }

    private static Option<string> Queue()
    {
        var queue = new Option<string>("--queue") { Description = $"The queue: {string.Join(" or ", QueuesJob.Queues)}.", Required = true };
        queue.AcceptOnlyFromAmong([.. QueuesJob.Queues]);
        return queue;
    }

    private static Cell Count(int count, bool atLeast) => new((atLeast && count >= QueuesJob.MostCounted ? "at least " : "") + count.ToString("N0", CultureInfo.InvariantCulture), count, CellFormat.Count);
}
