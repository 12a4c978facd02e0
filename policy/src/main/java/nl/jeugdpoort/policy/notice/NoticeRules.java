package nl.jeugdpoort.policy.notice;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import nl.jeugdpoort.policy.DataRequest;
import nl.jeugdpoort.policy.Deliberation;
import nl.jeugdpoort.policy.Facts;
import nl.jeugdpoort.policy.NoticePlan;
import nl.jeugdpoort.policy.Person;
import nl.jeugdpoort.policy.ReasonKey;
import nl.jeugdpoort.policy.Suggestion;
import nl.jeugdpoort.policy.Youth;
import nl.jeugdpoort.policy.catalogue.Purpose;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;

/** The N rules. */
public final class NoticeRules {
  private final PurposeCatalogue catalogue;

  public NoticeRules(PurposeCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  /**
   * N1 — who is notified: the youth if 12 or older; every authority holder if the youth is under
   * 16; the representative where there is one.
   */
  public static List<Person> recipients(Youth youth, LocalDate day) {
    int age = youth.ageOn(day);
    List<Person> out = new ArrayList<>();
    if (age >= 12) {
      out.add(youth.asPerson());
    }
    if (age < 16) {
      out.addAll(youth.authorityHolders());
    }
    if (youth.representative() != null) {
      out.add(youth.representative());
    }
    return out;
  }

  /** N1, N2, N3 — plan the notice and hold the release until it may go. */
  public void apply(DataRequest request, Purpose purpose, Facts facts, Deliberation d) {
    List<Person> recipients = recipients(facts.youth(), facts.today());
    if (recipients.isEmpty()) {
      d.deny("N1", ReasonKey.NO_NOTICE_RECIPIENT);
      d.suggest(Suggestion.Key.ESTABLISH_NOTICE_RECIPIENT);
      return;
    }
    Instant now = facts.now();
    if (request.hasDelayedNoticeMotivation() && !purpose.noticeAfterAllowed()) {
      // N2 — this purpose never justifies telling the family afterwards: the notice comes first.
      d.obligation("N2", ReasonKey.NOTICE_AFTER_NOT_ALLOWED, "purpose", purpose.code());
    } else if (request.hasDelayedNoticeMotivation()) {
      // N2 — afterwards only with a written motivation, within the configured period, reviewed.
      Instant deadline = now.plus(catalogue.maxNoticeDelay());
      d.notice(new NoticePlan(recipients, NoticePlan.Timing.AFTER, deadline, null));
      d.requireReview();
      d.obligation("N2", ReasonKey.NOTICE_DELAYED, "deadline", deadline, "recipients", recipients);
      return;
    }
    Instant windowEnd =
        facts.noticeDeliveredAt() == null || purpose.objectionWindow().isZero()
            ? null
            : facts.noticeDeliveredAt().plus(purpose.objectionWindow());
    d.notice(new NoticePlan(recipients, NoticePlan.Timing.BEFORE, null, windowEnd));
    if (facts.noticeDeliveredAt() == null) {
      d.hold("N1", ReasonKey.NOTICE_FIRST, "recipients", recipients);
      return;
    }
    d.permit("N1", ReasonKey.NOTICE_DELIVERED, "deliveredAt", facts.noticeDeliveredAt());
    if (windowEnd != null && now.isBefore(windowEnd)) {
      // N3 — the release waits for the objection window after the notice.
      d.holdUntil(windowEnd);
      d.hold(
          "N3",
          ReasonKey.OBJECTION_WINDOW,
          "until",
          windowEnd,
          "hours",
          purpose.objectionWindow().toHours());
    }
  }
}
