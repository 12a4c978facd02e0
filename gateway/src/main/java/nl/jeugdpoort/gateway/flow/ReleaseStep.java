package nl.jeugdpoort.gateway.flow;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import nl.jeugdpoort.fhir.Profiles;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.fault.Failpoints;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.ReleaseEntity;
import nl.jeugdpoort.gateway.persistence.RequestStatus;
import nl.jeugdpoort.gateway.request.RequestAudit;
import nl.jeugdpoort.gateway.request.RequestStore;
import nl.jeugdpoort.gateway.source.SourceReport;
import nl.jeugdpoort.gateway.source.SourceTexts;
import nl.jeugdpoort.gateway.source.SourceTranslation;
import nl.jeugdpoort.gateway.subscription.Subscriptions;
import nl.jeugdpoort.gateway.text.ReasonTexts;
import nl.jeugdpoort.policy.Decision;
import nl.jeugdpoort.policy.Reason;
import nl.jeugdpoort.policy.SecurityLabel;
import nl.jeugdpoort.policy.WithheldItem;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Resource;

/**
 * Step 6: minimise to the allowed fields (P2), leave out withheld items (S1, V), label (P4) and
 * release as a FHIR {@code Bundle} kept until its retention end (E1). The release, the request's
 * new status and the audit entries are written in one transaction.
 */
@ApplicationScoped
public class ReleaseStep {
  @Inject Database database;
  @Inject AuditLog audit;
  @Inject Subscriptions subscriptions;
  @Inject Clock clock;
  @Inject FhirContext fhir;
  @Inject PurposeCatalogue catalogue;
  @Inject ReasonTexts texts;

  public void release(RequestContext ctx) {
    Failpoints.reached(Failpoints.BEFORE_RELEASE, ctx.requestId());
    Decision d = ctx.decision();
    Set<String> withheld =
        d.withheldItems().stream().map(WithheldItem::itemId).collect(Collectors.toSet());
    Minimiser minimiser = new Minimiser(fhir);
    Instant now = clock.instant();
    String releaseId = UUID.randomUUID().toString();

    Bundle bundle = new Bundle();
    bundle.setId(releaseId);
    bundle.setType(Bundle.BundleType.COLLECTION);
    bundle.getMeta().addProfile(Profiles.RELEASE);
    bundle.setTimestamp(Date.from(now));
    List<Coding> labels = d.labels().stream().map(ReleaseStep::coding).toList();
    labels.forEach(l -> bundle.getMeta().addSecurity(l.copy()));
    int released = 0;
    Map<String, Integer> releasedPerCategory = new HashMap<>();
    for (Map.Entry<String, List<Resource>> category : ctx.fetched().entrySet()) {
      Set<String> fields = d.releasableFields().get(category.getKey());
      if (fields == null) {
        continue;
      }
      for (Resource resource : category.getValue()) {
        if (withheld.contains(SourceTranslation.itemId(resource))) {
          continue;
        }
        Resource minimised = minimiser.minimise(resource, fields);
        labels.forEach(l -> minimised.getMeta().addSecurity(l.copy()));
        bundle
            .addEntry()
            .setFullUrl(ctx.source().baseUrl() + "/" + SourceTranslation.itemId(resource))
            .setResource(minimised);
        released++;
        releasedPerCategory.merge(category.getKey(), 1, Integer::sum);
      }
    }
    SourceReport report = ctx.sourceReport().withReleased(releasedPerCategory);
    String json = fhir.newJsonParser().encodeResourceToString(bundle);
    int itemCount = released;
    boolean partial =
        !d.withheldItems().isEmpty() || !d.leftOutCategories().isEmpty() || report.incomplete();
    database.write(
        em -> {
          DataRequestEntity r = em.find(DataRequestEntity.class, ctx.requestId());
          RequestStore.requireClaim(r, ctx.worker());
          // At most one release per request: the unique request_id of release_record refuses a
          // second (V12).
          em.persist(
              new ReleaseEntity(
                  releaseId,
                  r.id(),
                  now,
                  d.retentionEnd(),
                  itemCount,
                  d.withheldItems().size(),
                  json));
          r.released(releaseId);
          r.sourceReport(report.toJson());
          String reason =
              partial
                  ? ("Gedeeltelijk gedeeld. "
                          + DecisionStep.familyStatus(texts, ctx, d, Reason.Effect.WITHHOLD)
                          + " "
                          + SourceTexts.incomplete(report, catalogue))
                      .trim()
                  : d.notice() != null
                          && d.notice().timing() == nl.jeugdpoort.policy.NoticePlan.Timing.AFTER
                      ? "Gedeeld. Het gezin krijgt achteraf bericht."
                      : "Gedeeld na bericht aan de familie.";
          r.moveTo(
              partial ? RequestStatus.PARTIALLY_RELEASED : RequestStatus.RELEASED, reason, now);
          subscriptions.requestFinished(em, r, now); // #16.3: in the release's transaction
          if (!d.withheldItems().isEmpty()) {
            audit.append(
                em,
                RequestAudit.step(r, "E", "withholding", "success")
                    .withRules(
                        d.withheldItems().stream().map(WithheldItem::ruleId).distinct().toList())
                    .withData(
                        d.withheldItems().stream()
                            .map(w -> w.itemId() + "(" + w.ruleId() + ")")
                            .collect(Collectors.joining(",")))
                    .withDetail(d.withheldItems().size() + " item(s) withheld"));
          }
          audit.append(
              em,
              RequestAudit.step(r, "R", "release", "success")
                  .withRules(d.ruleIds())
                  .withControls(RequestAudit.controls(r, d))
                  .withData(
                      String.join(",", d.releasableFields().keySet().stream().sorted().toList())
                          + "; items="
                          + itemCount)
                  .withDetail(
                      "released as Bundle/"
                          + releaseId
                          + " to "
                          + r.requesterOrg()
                          + ", labels "
                          + d.labels().stream().map(SecurityLabel::code).toList()
                          + ", retention until "
                          + d.retentionEnd()
                          + (report.incomplete()
                              ? "; incomplete: "
                                  + report.categories().stream()
                                      .filter(SourceReport.CategoryResult::incomplete)
                                      .map(SourceReport.CategoryResult::describe)
                                      .collect(Collectors.joining(" | "))
                              : "")));
          return null;
        });
    ctx.finish();
  }

  private static Coding coding(SecurityLabel label) {
    return new Coding(label.system(), label.code(), label.display());
  }
}
