package nl.jeugdpoort.gateway.flow;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import nl.jeugdpoort.connectors.SourceResult;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.RequestStatus;

/** Ends a request when the source answers without data: unknown youth, its own refusal (P6), or down. */
@ApplicationScoped
public class SourceAnswers {
  @Inject RequestStore store;
  @Inject SourceDirectory directory;
  @Inject NoticeStep notices;

  /** Ends the request for a source answer that carries no data (unknown youth, refusal, unavailable). */
  public void endWithoutData(RequestContext ctx, DataRequestEntity r, SourceResult result) {
    if (result instanceof SourceResult.Refused refused) {
      sourceRefused(ctx, r, refused.reason());
    } else if (result instanceof SourceResult.Unavailable down) {
      sourceUnavailable(ctx, r, down.reason());
    } else {
      store.finish(ctx, RequestStatus.UNKNOWN_YOUTH,
          "De organisatie " + directory.name(r.sourceOrg()) + " kent geen jongere met dit BSN. Er is niets gedeeld.",
          null, RequestAudit.step(r, "R", "youth-lookup", "refused").withRules(List.of("C5"))
              .withDetail("source does not know the youth"));
    }
  }

  private void sourceRefused(RequestContext ctx, DataRequestEntity r, String reason) {
    store.finish(ctx, RequestStatus.SOURCE_REFUSED,
        "De organisatie " + directory.name(r.sourceOrg()) + " weigert om eigen professionele redenen: " + reason
            + " U kunt contact opnemen met de hulpverlener daar, of de familie om toestemming vragen.",
        null, RequestAudit.step(r, "R", "source-refusal", "refused").withRules(List.of("P6"))
            .withDetail("source refused on its own grounds: " + reason));
    // The family was told this would be shared (N1): now they are told it was not, and that the source said no.
    notices.tellRefusal(r.id(), nl.jeugdpoort.gateway.text.NoticeTexts.Refusal.SOURCE, List.of(), ctx.familyRoles());
  }

  private void sourceUnavailable(RequestContext ctx, DataRequestEntity r, String reason) {
    store.finish(ctx, RequestStatus.SOURCE_UNAVAILABLE,
        "De organisatie " + directory.name(r.sourceOrg()) + " was niet bereikbaar. Er is niets opgehaald of gedeeld; "
            + "probeer het later opnieuw.",
        null, RequestAudit.step(r, "R", "source-unavailable", "failure").withDetail(reason));
  }

}
