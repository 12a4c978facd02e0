package nl.jeugdpoort.gateway.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import nl.jeugdpoort.policy.Decision;
import nl.jeugdpoort.policy.Person;
import nl.jeugdpoort.policy.Reason;
import nl.jeugdpoort.policy.ReasonKey;
import nl.jeugdpoort.policy.Suggestion;
import nl.jeugdpoort.policy.WithheldItem;

/**
 * Stores a decision with its reasons as JSON on the request, and reads the parts the Task shows.
 */
public final class DecisionJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DecisionJson() {}

  public static String write(Decision d) {
    ObjectNode root = JSON.createObjectNode();
    root.put("outcome", d.outcome().name());
    ArrayNode reasons = root.putArray("reasons");
    for (Reason r : d.reasons()) {
      ObjectNode stored =
          reasons
              .addObject()
              .put("ruleId", r.ruleId())
              .put("effect", r.effect().name())
              .put("key", r.key().code());
      stored.set("params", params(r.params()));
    }
    ArrayNode releasable = root.putArray("releasable");
    new TreeSet<>(d.releasableFields().keySet()).forEach(releasable::add);
    ObjectNode leftOut = root.putObject("leftOut");
    d.leftOutCategories().forEach(leftOut::put);
    ArrayNode withheld = root.putArray("withheld");
    for (WithheldItem w : d.withheldItems()) {
      withheld
          .addObject()
          .put("item", w.itemId())
          .put("category", w.category())
          .put("ruleId", w.ruleId());
    }
    ArrayNode alternatives = root.putArray("alternatives");
    for (Suggestion a : d.alternatives()) {
      alternatives.addObject().put("key", a.key().code()).set("params", params(a.params()));
    }
    if (d.priorReleaseId() != null) {
      root.put("priorReleaseId", d.priorReleaseId());
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A stored reason: rule id, effect, message key and parameters (typed again: {@link Instant},
   * {@link LocalDate}, {@link Person} without name, lists, numbers, flags, text). Rows stored
   * before reasons were data have no key but the finished sentences {@code family} and {@code
   * audit} (fallback).
   */
  public record StoredReason(
      String ruleId,
      String effect,
      String key,
      Map<String, Object> params,
      String family,
      String audit) {
    /**
     * The policy's reason again, or null for a row stored before reasons were data (or an unknown
     * key).
     */
    public Reason toReason() {
      if (key == null) {
        return null;
      }
      try {
        return ReasonKey.fromCode(key)
            .map(k -> new Reason(ruleId, Reason.Effect.valueOf(effect), k, params))
            .orElse(null);
      } catch (IllegalArgumentException changed) {
        return null; // a key whose parameters changed since: shown by the fallback
      }
    }
  }

  /**
   * A stored P6 suggestion: key and parameters, or (rows from before) the finished Dutch sentence.
   */
  public record StoredSuggestion(String key, Map<String, Object> params, String text) {
    public Suggestion toSuggestion() {
      if (key == null) {
        return null;
      }
      try {
        return Suggestion.Key.fromCode(key).map(k -> new Suggestion(k, params)).orElse(null);
      } catch (IllegalArgumentException changed) {
        return null;
      }
    }
  }

  public static List<StoredReason> reasons(String json) {
    List<StoredReason> out = new ArrayList<>();
    for (JsonNode r : read(json).path("reasons")) {
      out.add(
          new StoredReason(
              r.path("ruleId").asText(),
              r.path("effect").asText(),
              r.hasNonNull("key") ? r.path("key").asText() : null,
              readParams(r.path("params")),
              r.hasNonNull("family") ? r.path("family").asText() : null,
              r.hasNonNull("audit") ? r.path("audit").asText() : null));
    }
    return out;
  }

  public static List<StoredSuggestion> alternatives(String json) {
    List<StoredSuggestion> out = new ArrayList<>();
    for (JsonNode a : read(json).path("alternatives")) {
      out.add(
          a.isTextual()
              ? new StoredSuggestion(null, Map.of(), a.asText())
              : new StoredSuggestion(a.path("key").asText(), readParams(a.path("params")), null));
    }
    return out;
  }

  private static ObjectNode params(Map<String, Object> params) {
    ObjectNode out = JSON.createObjectNode();
    new TreeMap<>(params).forEach((name, value) -> out.set(name, value(value)));
    return out;
  }

  private static JsonNode value(Object v) {
    if (v instanceof Instant i) {
      return JSON.createObjectNode().put("instant", i.toString());
    }
    if (v instanceof LocalDate day) {
      return JSON.createObjectNode().put("date", day.toString());
    }
    if (v instanceof Person p) {
      // No names: the page that shows the reason names people from its own facts.
      ObjectNode person =
          JSON.createObjectNode().put("person", p.id()).put("relation", p.relation().name());
      ArrayNode roles = person.putArray("roles");
      new TreeSet<>(p.roleCodes()).forEach(roles::add);
      return person;
    }
    if (v instanceof Collection<?> c) {
      ArrayNode list = JSON.createArrayNode();
      c.forEach(x -> list.add(value(x)));
      return list;
    }
    if (v instanceof Boolean b) {
      return JSON.getNodeFactory().booleanNode(b);
    }
    if (v instanceof Integer n) {
      return JSON.getNodeFactory().numberNode(n);
    }
    if (v instanceof Long n) {
      return JSON.getNodeFactory().numberNode(n);
    }
    return JSON.getNodeFactory().textNode(String.valueOf(v));
  }

  private static Map<String, Object> readParams(JsonNode node) {
    Map<String, Object> out = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), readValue(e.getValue())));
    return out;
  }

  private static Object readValue(JsonNode v) {
    if (v.isObject() && v.has("instant")) {
      return Instant.parse(v.path("instant").asText());
    }
    if (v.isObject() && v.has("date")) {
      return LocalDate.parse(v.path("date").asText());
    }
    if (v.isObject() && v.has("person")) {
      Set<String> roles = new TreeSet<>();
      v.path("roles").forEach(r -> roles.add(r.asText()));
      return new Person(
          v.path("person").asText(),
          null,
          Person.Relation.valueOf(v.path("relation").asText()),
          roles);
    }
    if (v.isArray()) {
      List<Object> list = new ArrayList<>();
      v.forEach(x -> list.add(readValue(x)));
      return List.copyOf(list);
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isInt()) {
      return v.asInt();
    }
    if (v.isLong()) {
      return v.asLong();
    }
    return v.asText();
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
      out.add(
          new WithheldItem(
              w.path("item").asText(), w.path("category").asText(), w.path("ruleId").asText()));
    }
    return out;
  }

  /** The categories the stored decision left out, with their rules. */
  public static Map<String, String> leftOut(String json) {
    Map<String, String> out = new TreeMap<>();
    read(json)
        .path("leftOut")
        .fields()
        .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
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
