package nl.jeugdpoort.gateway.flow;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import nl.jeugdpoort.connectors.SourceConnector;
import nl.jeugdpoort.connectors.SourceQuery;
import nl.jeugdpoort.connectors.SourceResult;
import nl.jeugdpoort.connectors.fhir.FhirRestSourceConnector;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.hl7.fhir.r4.model.Resource;

/**
 * Step 4: fetch, through the connector, only the categories the decision allows (P2) — after the
 * notice is stored (N1). The source sees the purpose and explanation (P6).
 */
@ApplicationScoped
public class FetchStep {
  @Inject SourceConnector connector;
  @Inject RequestStore store;
  @Inject SourceAnswers answers;
  @Inject PurposeCatalogue catalogue;
  @Inject Database database;
  @Inject AuditLog audit;

  public void fetch(RequestContext ctx) {
    DataRequestEntity r = store.load(ctx.requestId());
    Map<String, String> categories = new LinkedHashMap<>();
    for (String category : new TreeSet<>(ctx.decision().releasableFields().keySet())) {
      categories.put(category, catalogue.category(category).orElseThrow().resourceType());
    }
    SourceQuery query = new SourceQuery(r.id(), r.youthBsn(), null, new TreeSet<>(categories.values()), 0,
        r.purpose(), r.explanation(), r.requesterOrg());
    SourceResult result = connector.fetch(ctx.source(), query);
    if (!(result instanceof SourceResult.Items items)) {
      answers.endWithoutData(ctx, r, result);
      return;
    }
    // Until the category mapping lands: a category holds the items of its type that carry its tag.
    Map<String, List<Resource>> byCategory = new LinkedHashMap<>();
    categories.forEach((category, type) -> {
      SourceResult.Fetched fetched = items.byType().get(type);
      byCategory.put(category, fetched == null ? List.of() : fetched.resources().stream()
          .filter(item -> "Patient".equals(type)
              || item.getMeta().getTag(FhirRestSourceConnector.CATEGORY_TAG_SYSTEM, category) != null)
          .toList());
    });
    ctx.fetched(byCategory);
    String counts = byCategory.entrySet().stream()
        .map(e -> e.getKey() + ":" + e.getValue().size())
        .collect(Collectors.joining(","));
    database.write(em -> audit.append(em, RequestAudit.step(r, "R", "fetch", "success")
        .withData(counts).withRules(List.of("P2", "N1")).withDetail("fetched from " + r.sourceOrg() + " after notice")));
  }
}
