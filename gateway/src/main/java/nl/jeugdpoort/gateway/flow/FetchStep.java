package nl.jeugdpoort.gateway.flow;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import nl.jeugdpoort.connectors.SourceConnector;
import nl.jeugdpoort.connectors.SourceQuery;
import nl.jeugdpoort.connectors.SourceResult;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.fault.Failpoints;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.request.RequestAudit;
import nl.jeugdpoort.gateway.request.RequestStore;
import nl.jeugdpoort.gateway.source.SourceCategories;
import nl.jeugdpoort.gateway.source.SourceReport;
import nl.jeugdpoort.gateway.source.SourceTranslation;
import nl.jeugdpoort.gateway.source.YouthCheck;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.hl7.fhir.r4.model.Resource;

/**
 * Step 4: fetch, through the connector, only the resource types of the categories the decision
 * allows (P2) — after the notice is stored (N1) — for the one Patient the lookup found. The source
 * sees the purpose and explanation (P6). What comes back is sorted into categories by the
 * catalogue's mapping; resources of other categories are dropped, resources that are not about the
 * youth are withheld and audited (C5), and what the source could not or did not deliver is kept in
 * a {@link SourceReport}.
 */
@ApplicationScoped
public class FetchStep {
  @Inject SourceConnector connector;
  @Inject RequestStore store;
  @Inject SourceAnswers answers;
  @Inject PurposeCatalogue catalogue;
  @Inject FhirContext fhir;
  @Inject Database database;
  @Inject AuditLog audit;

  public void fetch(RequestContext ctx) {
    DataRequestEntity r = store.load(ctx.requestId());
    Set<String> categories = new TreeSet<>(ctx.decision().releasableFields().keySet());
    SourceCategories mapping = new SourceCategories(catalogue, fhir);
    String patientId = ctx.youth().personId().substring(ctx.youth().personId().indexOf('/') + 1);
    SourceQuery query =
        new SourceQuery(
            r.id(),
            r.youthBsn(),
            patientId,
            mapping.resourceTypes(categories),
            0,
            r.purpose(),
            r.explanation(),
            r.requesterOrg(),
            YouthLookupStep.sourceTrace());
    SourceResult result = connector.fetch(ctx.source(), query);
    Failpoints.reached(Failpoints.MID_FETCH, ctx.requestId());
    if (!(result instanceof SourceResult.Items items)) {
      answers.endWithoutData(ctx, r, result);
      return;
    }
    Map<String, List<Resource>> byCategory = new LinkedHashMap<>();
    categories.forEach(c -> byCategory.put(c, new ArrayList<>()));
    Map<String, Integer> notAboutYouth = new LinkedHashMap<>();
    List<String> foreign = new ArrayList<>();
    String base = ctx.source().baseUrl().toString();
    for (Map.Entry<String, SourceResult.Fetched> type : items.byType().entrySet()) {
      for (Resource resource : type.getValue().resources()) {
        Optional<String> category = mapping.categoryOf(resource).filter(categories::contains);
        if (category.isEmpty()) {
          continue;
        }
        if (!YouthCheck.isAbout(resource, patientId, base)) {
          foreign.add(SourceTranslation.itemId(resource));
          notAboutYouth.merge(category.get(), 1, Integer::sum);
          continue;
        }
        byCategory.get(category.get()).add(resource);
      }
    }
    List<SourceReport.CategoryResult> results = new ArrayList<>();
    for (String category : categories) {
      List<SourceResult.Fetched> fetched =
          catalogue.category(category).orElseThrow().resourceTypes().stream()
              .map(t -> items.byType().get(t))
              .filter(f -> f != null)
              .toList();
      boolean offered = fetched.stream().anyMatch(SourceResult.Fetched::supported);
      boolean truncated = fetched.stream().anyMatch(SourceResult.Fetched::truncated);
      int reported =
          fetched.stream().anyMatch(f -> f.supported() && f.reportedTotal() < 0) || !offered
              ? -1
              : fetched.stream()
                  .filter(SourceResult.Fetched::supported)
                  .mapToInt(SourceResult.Fetched::reportedTotal)
                  .sum();
      results.add(
          new SourceReport.CategoryResult(
              category,
              0,
              byCategory.get(category).size(),
              reported,
              truncated,
              offered,
              notAboutYouth.getOrDefault(category, 0)));
    }
    ctx.fetched(byCategory);
    ctx.sourceReport(new SourceReport(results));
    String counts =
        byCategory.entrySet().stream()
            .map(e -> e.getKey() + ":" + e.getValue().size())
            .collect(Collectors.joining(","));
    database.write(
        em -> {
          RequestStore.requireClaim(em.find(DataRequestEntity.class, r.id()), ctx.worker());
          audit.append(
              em,
              RequestAudit.step(r, "R", "fetch", "success")
                  .withData(counts)
                  .withRules(List.of("P2", "N1"))
                  .withDetail(
                      "fetched from "
                          + r.sourceOrg()
                          + " after notice; "
                          + results.stream()
                              .filter(SourceReport.CategoryResult::incomplete)
                              .map(SourceReport.CategoryResult::describe)
                              .collect(Collectors.joining(" | "))));
          if (!foreign.isEmpty()) {
            audit.append(
                em,
                RequestAudit.step(r, "E", "withholding", "success")
                    .withRules(List.of("C5"))
                    .withData(String.join(",", foreign))
                    .withDetail(
                        foreign.size()
                            + " item(s) from "
                            + r.sourceOrg()
                            + " are not about the requested youth (subject/patient is another Patient or missing); withheld"));
          }
          return null;
        });
  }
}
