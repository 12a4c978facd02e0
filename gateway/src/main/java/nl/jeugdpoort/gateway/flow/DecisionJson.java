package nl.jeugdpoort.gateway.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.TreeSet;
import nl.jeugdpoort.policy.Decision;
import nl.jeugdpoort.policy.Reason;
import nl.jeugdpoort.policy.WithheldItem;

/** Stores a decision with its reasons as JSON on the request, and reads the parts the Task shows. */
public final class DecisionJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DecisionJson() {}

  public static String write(Decision d) {
    ObjectNode root = JSON.createObjectNode();
    root.put("outcome", d.outcome().name());
    ArrayNode reasons = root.putArray("reasons");
    for (Reason r : d.reasons()) {
      reasons.addObject().put("ruleId", r.ruleId()).put("effect", r.effect().name()).put("family", r.family())
          .put("audit", r.audit());
    }
    ArrayNode releasable = root.putArray("releasable");
    new TreeSet<>(d.releasableFields().keySet()).forEach(releasable::add);
    ObjectNode leftOut = root.putObject("leftOut");
    d.leftOutCategories().forEach(leftOut::put);
    ArrayNode withheld = root.putArray("withheld");
    for (WithheldItem w : d.withheldItems()) {
      withheld.addObject().put("item", w.itemId()).put("category", w.category()).put("ruleId", w.ruleId());
    }
    ArrayNode alternatives = root.putArray("alternatives");
    d.alternatives().forEach(alternatives::add);
    if (d.priorReleaseId() != null) {
      root.put("priorReleaseId", d.priorReleaseId());
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A stored reason. */
  public record StoredReason(String ruleId, String effect, String family, String audit) {}

  public static List<StoredReason> reasons(String json) {
    List<StoredReason> out = new ArrayList<>();
    for (JsonNode r : read(json).path("reasons")) {
      out.add(new StoredReason(r.path("ruleId").asText(), r.path("effect").asText(), r.path("family").asText(),
          r.path("audit").asText()));
    }
    return out;
  }

  public static List<String> alternatives(String json) {
    List<String> out = new ArrayList<>();
    read(json).path("alternatives").forEach(a -> out.add(a.asText()));
    return out;
  }

  public static Set<String> releasable(String json) {
    Set<String> out = new TreeSet<>();
    read(json).path("releasable").forEach(a -> out.add(a.asText()));
    return out;
  }

  /** The items the stored decision withheld, with their rules (P5 carries them into a repeat). */
  public static List<WithheldItem> withheld(String json) {
    List<WithheldItem> out = new ArrayList<>();
    for (JsonNode w : read(json).path("withheld")) {
      out.add(new WithheldItem(w.path("item").asText(), w.path("category").asText(), w.path("ruleId").asText()));
    }
    return out;
  }

  /** The categories the stored decision left out, with their rules. */
  public static Map<String, String> leftOut(String json) {
    Map<String, String> out = new TreeMap<>();
    read(json).path("leftOut").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static JsonNode read(String json) {
    if (json == null) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored decision is not JSON", e);
    }
  }
}
