package nl.jeugdpoort.gateway.flow;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import nl.jeugdpoort.connectors.SourceResult;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.RequestStatus;
import nl.jeugdpoort.gateway.request.RequestAudit;
import nl.jeugdpoort.gateway.request.RequestStore;
import nl.jeugdpoort.gateway.request.RequestWork;
import nl.jeugdpoort.gateway.source.SourceDirectory;
import nl.jeugdpoort.gateway.text.NoticeTexts;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Ends a request when the source answers without data, each kind of answer with its own status and
 * words: the youth is unknown (C5), several patients carry the BSN (C5, the source's privacy
 * officer is alerted through the audit), the source refuses on its own professional grounds (P6 —
 * only on the source's explicit signal), the source does not let the gateway in, does not offer the
 * data, answers something unusable, or cannot be reached. Nothing is fetched or released in any of
 * these cases.
 */
@ApplicationScoped
public class SourceAnswers {
  @Inject RequestStore store;
  @Inject SourceDirectory directory;
  @Inject NoticeStep notices;
  @Inject RequestWork work;

  /**
   * How many passes may meet an unreachable source before the request ends {@code
   * source-unavailable}.
   */
  @Inject
  @ConfigProperty(name = "jeugdpoort.work.source-retries", defaultValue = "2")
  int sourceRetries;

  /** Ends the request for a source answer that carries no data. */
  public void endWithoutData(RequestContext ctx, DataRequestEntity r, SourceResult result) {
    String source = directory.name(r.sourceOrg());
    if (result instanceof SourceResult.Refused refused) {
      ctx.finish(
          store,
          RequestStatus.SOURCE_REFUSED,
          "De organisatie "
              + source
              + " weigert om eigen professionele redenen: "
              + refused.reason()
              + " U kunt contact opnemen met de hulpverlener daar, of de familie om toestemming vragen.",
          null,
          RequestAudit.step(r, "R", "source-refusal", "refused")
              .withRules(List.of("P6"))
              .withDetail("source refused on its own professional grounds: " + refused.reason()),
          // The family may have been told this would be shared (N1): now they are told it was not,
          // and that the source said no.
          (em, stored) ->
              notices.tellRefusal(
                  em, r.id(), NoticeTexts.Refusal.SOURCE, List.of(), ctx.familyRoles()));
    } else if (result instanceof SourceResult.AmbiguousYouth ambiguous) {
      ctx.finish(
          store,
          RequestStatus.AMBIGUOUS_YOUTH,
          "Bij de organisatie "
              + source
              + " horen meerdere personen bij dit BSN. Om geen gegevens van een ander "
              + "kind te delen, is niets opgehaald of gedeeld. De privacyfunctionaris van "
              + source
              + " is gewaarschuwd; neem contact op met "
              + source
              + ".",
          null,
          sourceAlert(r, "identity-conflict", "refused")
              .withRules(List.of("C5"))
              .withDetail(
                  "source returned "
                      + ambiguous.matches()
                      + " Patients for the requested BSN; nothing "
                      + "fetched; alert for the privacy officer of "
                      + r.sourceOrg()));
    } else if (result instanceof SourceResult.AccessDenied denied) {
      ctx.finish(
          store,
          RequestStatus.SOURCE_ACCESS_DENIED,
          "Het systeem van "
              + source
              + " liet Jeugdpoort niet toe. Dit is geen weigering van de hulpverlener: "
              + "de koppeling met dat systeem is niet in orde. Er is niets opgehaald of gedeeld. De beheerders zijn "
              + "gewaarschuwd; probeer het later opnieuw.",
          null,
          sourceAlert(r, "source-access-denied", "failure")
              .withDetail(
                  "source answered HTTP "
                      + denied.httpStatus()
                      + " (its own access control): "
                      + denied.reason()));
    } else if (result instanceof SourceResult.Unsupported unsupported) {
      ctx.finish(
          store,
          RequestStatus.SOURCE_UNSUPPORTED,
          "Het systeem van "
              + source
              + " biedt deze gegevens niet aan via Jeugdpoort. Er is niets opgehaald of "
              + "gedeeld. Neem contact op met "
              + source
              + ".",
          null,
          sourceAlert(r, "source-unsupported", "failure")
              .withDetail("source does not offer " + unsupported.what()));
    } else if (result instanceof SourceResult.BadAnswer bad) {
      ctx.finish(
          store,
          RequestStatus.SOURCE_BAD_ANSWER,
          "Het systeem van "
              + source
              + " gaf een antwoord dat Jeugdpoort niet kon gebruiken. Er is niets gedeeld. "
              + "De beheerders zijn gewaarschuwd; probeer het later opnieuw.",
          null,
          sourceAlert(r, "source-bad-answer", "failure")
              .withDetail("unusable answer: " + bad.reason()));
    } else if (result instanceof SourceResult.Unavailable down && r.attempts() <= sourceRetries) {
      // A source that is down may be back soon: the request is due again after a back-off (#15
      // faults).
      store.audit(
          r.id(),
          ctx.worker(),
          RequestAudit.step(r, "R", "source-unavailable", "failure")
              .withDetail(
                  down.reason()
                      + "; pass "
                      + r.attempts()
                      + ", tried again in "
                      + work.retryDelay(r.attempts())));
      work.retryLater(r.id(), r.attempts());
      ctx.finish();
    } else if (result instanceof SourceResult.Unavailable down) {
      ctx.finish(
          store,
          RequestStatus.SOURCE_UNAVAILABLE,
          "De organisatie "
              + source
              + " was niet bereikbaar. Er is niets opgehaald of gedeeld; "
              + "probeer het later opnieuw.",
          null,
          RequestAudit.step(r, "R", "source-unavailable", "failure").withDetail(down.reason()));
    } else if (result instanceof SourceResult.UnknownYouth unknown) {
      ctx.finish(
          store,
          RequestStatus.UNKNOWN_YOUTH,
          "De organisatie " + source + " kent geen jongere met dit BSN. Er is niets gedeeld.",
          null,
          RequestAudit.step(r, "R", "youth-lookup", "refused")
              .withRules(List.of("C5"))
              .withDetail("source does not know the youth"));
    } else if (result instanceof SourceResult.Youth y) {
      throw new IllegalStateException("a youth is an answer with data");
    } else {
      throw new IllegalStateException("items are an answer with data");
    }
  }

  /**
   * A source problem the privacy officers of the source (and of the requester) must see: searchable
   * as {@code AuditEvent?subtype=<step>} by them (AuditEventProvider).
   */
  private static AuditRecord sourceAlert(DataRequestEntity r, String step, String outcome) {
    return RequestAudit.step(r, "R", step, outcome);
  }
}
