using Caseload.Reporting.Notifications;

namespace Caseload.Reporting.Tests;

/// <summary>The delivery state machine (docs/email.md), transition by transition.</summary>
public class DeliveryRecordTests
{
    private static readonly DateTimeOffset Nine = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    private static readonly NotificationKey Key = new(NotificationKind.TeamManager, Recipient.Email("Jo@Council.example "));

    private static DeliveryRecord Prepared() => DeliveryRecord.Prepared(Key, "Chatham: 2 over", "2026-W48/team_manager/jo.eml", Nine);

    [Fact]
    public void A_prepared_notification_is_held_by_the_first_run_that_asks_with_a_lease()
    {
        var (outcome, held) = Prepared().Hold("run-a", Nine, Lease);

        Assert.Equal(HoldOutcome.Held, outcome);
        Assert.Equal((DeliveryStatus.Sending, "run-a", Nine + Lease), (held.Status, held.Holder, held.HeldUntil));
    }

    [Fact]
    public void A_notification_whose_text_is_let_go_before_it_was_sent_is_withdrawn_for_good_unless_a_run_is_sending_it()
    {
        var withdrawn = Prepared().Withdrawn("Not sent: erased.", Nine)!;
        var held = Prepared().Hold("run-a", Nine, Lease).Next;
        var sent = held.Sent("sg-1", 1, Nine);

        Assert.Equal((DeliveryStatus.Failed, "Not sent: erased.", SendFailure.Recipient), (withdrawn.Status, withdrawn.LastError, withdrawn.LastFailure));
        Assert.Equal(HoldOutcome.AlreadyFailed, withdrawn.Hold("run-b", Nine, Lease).Outcome);
        Assert.Null(held.Withdrawn("Not sent: erased.", Nine + Lease - TimeSpan.FromSeconds(1)));
        Assert.Equal(DeliveryStatus.Failed, held.Withdrawn("Not sent: erased.", Nine + Lease)!.Status);
        Assert.Same(sent, sent.Withdrawn("Not sent: erased.", Nine));
        Assert.Equal(("", DeliveryStatus.Sent, "sg-1"), (sent.WithoutBody().Content, sent.WithoutBody().Status, sent.WithoutBody().ProviderMessageId));
    }

    [Fact]
    public void A_notification_restored_still_to_send_is_withheld_sent_by_no_run_until_released_and_a_settled_one_stays_as_it_was()
    {
        var held = Prepared().Hold("run-a", Nine, Lease).Next;
        var sent = held.Sent("sg-1", 1, Nine);
        var withheld = Prepared().Withhold();

        Assert.Equal((DeliveryStatus.Withheld, null, null), (held.Withhold().Status, held.Withhold().Holder, held.Withhold().HeldUntil));
        Assert.Equal(DeliveryStatus.Withheld, withheld.Status);
        Assert.Same(sent, sent.Withhold());
        Assert.Equal(HoldOutcome.Withheld, withheld.Hold("run-b", Nine, Lease).Outcome);
        Assert.False(withheld.IsWaiting(Nine + Lease));
        Assert.False(withheld.IsToSend);
        Assert.False(withheld.IsSettled);
        Assert.Equal((DeliveryStatus.Prepared, HoldOutcome.Held), (withheld.Released().Status, withheld.Released().Hold("run-b", Nine, Lease).Outcome));
        Assert.Same(sent, sent.Released());

        // Dismissed by a person: never sent, saying why.
        var dismissed = withheld.Withdrawn("Not sent after the restore.", Nine)!;
        Assert.Equal((DeliveryStatus.Failed, HoldOutcome.AlreadyFailed), (dismissed.Status, dismissed.Hold("run-b", Nine, Lease).Outcome));
    }

    [Fact]
    public void A_live_hold_is_in_flight_to_every_other_run_never_already_sent_and_its_own_run_still_holds_it()
    {
        var held = Prepared().Hold("run-a", Nine, Lease).Next;

        Assert.Equal(HoldOutcome.InFlight, held.Hold("run-b", Nine + Lease - TimeSpan.FromSeconds(1), Lease).Outcome);
        Assert.Equal(HoldOutcome.Held, held.Hold("run-a", Nine + TimeSpan.FromMinutes(1), Lease).Outcome);
        Assert.False(held.IsWaiting(Nine + Lease - TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void After_the_lease_any_run_may_take_it_over()
    {
        var held = Prepared().Hold("run-a", Nine, Lease).Next;

        var (outcome, taken) = held.Hold("run-b", Nine + Lease, Lease);

        Assert.True(held.IsWaiting(Nine + Lease));
        Assert.Equal(HoldOutcome.Held, outcome);
        Assert.Equal(("run-b", Nine + Lease + Lease), (taken.Holder, taken.HeldUntil));
    }

    [Fact]
    public void Sent_is_final_and_counts_every_attempt()
    {
        var sent = Prepared().Hold("run-a", Nine, Lease).Next.Sent("sg-1", 3, Nine + TimeSpan.FromSeconds(30));

        Assert.Equal((DeliveryStatus.Sent, 3, "sg-1", null, null), (sent.Status, sent.Attempts, sent.ProviderMessageId, sent.Holder, sent.HeldUntil));
        Assert.True(sent.IsSettled);
        Assert.Equal(HoldOutcome.AlreadySent, sent.Hold("run-b", Nine + TimeSpan.FromDays(1), Lease).Outcome);
    }

    [Theory]
    [InlineData(SendFailure.Transient, DeliveryStatus.Prepared)]
    [InlineData(SendFailure.Configuration, DeliveryStatus.Prepared)]
    [InlineData(SendFailure.Recipient, DeliveryStatus.Failed)]
    public void A_failure_of_the_recipient_is_final_and_any_other_releases_the_hold(SendFailure failure, DeliveryStatus status)
    {
        var after = Prepared().Hold("run-a", Nine, Lease).Next.NotSent(failure, "why", 4);

        Assert.Equal((status, 4, "why", failure, null), (after.Status, after.Attempts, after.LastError, after.LastFailure, after.Holder));
        Assert.Equal(failure == SendFailure.Recipient, after.IsSettled);
        Assert.Equal(failure == SendFailure.Recipient ? HoldOutcome.AlreadyFailed : HoldOutcome.Held, after.Hold("run-b", Nine, Lease).Outcome);
    }

    [Fact]
    public void Attempts_add_up_over_runs()
    {
        var released = Prepared().Hold("run-a", Nine, Lease).Next.NotSent(SendFailure.Transient, "503", 4);

        var sent = released.Hold("run-b", Nine, Lease).Next.Sent("id", 1, Nine);

        Assert.Equal(5, sent.Attempts);
        Assert.Null(sent.LastError);
    }

    [Fact]
    public void Only_a_held_notification_can_be_recorded_sent_or_not()
    {
        Assert.Throws<InvalidOperationException>(() => Prepared().Sent("id", 1, Nine));
        Assert.Throws<InvalidOperationException>(() => Prepared().NotSent(SendFailure.Transient, "x", 1));
    }

    [Fact]
    public void An_address_refused_at_preparation_is_failed_for_that_recipient_and_never_held()
    {
        var refused = DeliveryRecord.Refused(Key, "subject", "not an email address", Nine);

        Assert.Equal((DeliveryStatus.Failed, SendFailure.Recipient, ""), (refused.Status, refused.LastFailure, refused.Content));
        Assert.Equal(HoldOutcome.AlreadyFailed, refused.Hold("run-a", Nine, Lease).Outcome);
    }
}
