package nl.jeugdpoort.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden scenarios: {@code src/test/resources/scenarios/*.yaml}, one file per rule group, each
 * case naming its rule id, the request, the facts, and the expected outcome and reasons. One
 * parameterised test runs them all. Shorthand and defaults are explained in {@code
 * scenarios/README.md}.
 */
class ScenarioTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final PolicyEngine ENGINE = new PolicyEngine(PurposeCatalogue.load());
  private static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
  private static final List<String> FILES =
      List.of(
          "purpose",
          "objection",
          "secrecy",
          "consent",
          "notice",
          "recording",
          "retention",
          "identity");

  static Stream<Arguments> scenarios() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (String file : FILES) {
      try (InputStream in =
          ScenarioTest.class.getResourceAsStream("/scenarios/" + file + ".yaml")) {
        for (JsonNode c : YAML.readTree(in)) {
          out.add(
              Arguments.of(
                  file + ": [" + c.path("rule").asText() + "] " + c.path("name").asText(), c));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void scenario(String name, JsonNode c) {
    LocalDate today = LocalDate.parse(c.path("today").asText("2026-06-15"));
    Instant now = today.atTime(12, 0).atZone(ZONE).toInstant();
    Facts facts = facts(c, today, now);
    DataRequest request = request(c.path("request"));
    Decision d = ENGINE.decide(request, facts);
    JsonNode expect = c.path("expect");

    assertThat(d.outcome())
        .as("outcome")
        .isEqualTo(Outcome.valueOf(expect.path("outcome").asText()));
    List<String> reasons = d.reasons().stream().map(r -> r.ruleId() + " " + r.effect()).toList();
    if (expect.has("reasons")) {
      assertThat(reasons)
          .as("reasons, in order")
          .containsExactlyElementsOf(strings(expect.path("reasons")));
    }
    if (expect.has("includes")) {
      assertThat(reasons).as("includes").containsAll(strings(expect.path("includes")));
    }
    if (expect.has("excludes")) {
      assertThat(reasons)
          .as("excludes")
          .doesNotContainAnyElementsOf(strings(expect.path("excludes")));
    }
    if (expect.has("leftOut")) {
      Map<String, String> leftOut = new TreeMap<>();
      expect
          .path("leftOut")
          .fields()
          .forEachRemaining(e -> leftOut.put(e.getKey(), e.getValue().asText()));
      assertThat(new TreeMap<>(d.leftOutCategories())).as("left-out categories").isEqualTo(leftOut);
    }
    if (expect.has("releasable")) {
      assertThat(d.releasableFields().keySet())
          .as("releasable categories")
          .containsExactlyInAnyOrderElementsOf(strings(expect.path("releasable")));
    }
    if (expect.has("withheld")) {
      assertThat(d.withheldItems().stream().map(w -> w.itemId() + " " + w.ruleId()).toList())
          .as("withheld items")
          .containsExactlyInAnyOrderElementsOf(strings(expect.path("withheld")));
    }
    if (expect.has("notify")) {
      assertThat(d.notice().recipients().stream().map(Person::id).toList())
          .as("notice recipients")
          .containsExactlyInAnyOrderElementsOf(strings(expect.path("notify")));
    }
    if (expect.has("timing")) {
      assertThat(d.notice().timing().name())
          .as("notice timing")
          .isEqualTo(expect.path("timing").asText());
    }
    if (expect.has("review")) {
      assertThat(d.reviewRequired())
          .as("privacy-officer review")
          .isEqualTo(expect.path("review").asBoolean());
    }
    if (expect.has("labels")) {
      assertThat(d.labels().stream().map(SecurityLabel::code).toList())
          .as("labels")
          .containsExactlyInAnyOrderElementsOf(strings(expect.path("labels")));
    }
    if (expect.has("holdUntil")) {
      assertThat(d.holdUntil()).isEqualTo(Instant.parse(expect.path("holdUntil").asText()));
    }
    if (expect.has("retentionDays")) {
      assertThat(d.retentionEnd())
          .isEqualTo(now.plus(java.time.Duration.ofDays(expect.path("retentionDays").asLong())));
    }
    if (expect.has("priorRelease")) {
      assertThat(d.priorReleaseId()).isEqualTo(expect.path("priorRelease").asText());
    }
    if (d.outcome() == Outcome.REFUSE) {
      assertThat(d.alternatives())
          .as("P6: a refusal names what the requester can do instead")
          .isNotEmpty();
      assertThat(d.releasableFields()).isEmpty();
    }
    boolean somethingLeftOut =
        d.leftOutCategories().values().stream().anyMatch(rule -> !rule.equals("P2"))
            || !d.withheldItems().isEmpty();
    if (somethingLeftOut) {
      assertThat(d.alternatives())
          .as("P6: what cannot be shared comes with what the requester can do instead")
          .isNotEmpty();
    }
    for (String said : strings(expect.path("says"))) {
      assertThat(d.reasons())
          .as("a reason '%s' among %s", said, d.reasons())
          .anySatisfy(
              r ->
                  assertThat(matches(said, r.ruleId() + " " + r.key().name(), r.params()))
                      .isTrue());
    }
    for (String suggested : strings(expect.path("suggests"))) {
      assertThat(d.alternatives())
          .as("a suggestion '%s' among %s", suggested, d.alternatives())
          .anySatisfy(a -> assertThat(matches(suggested, a.key().name(), a.params())).isTrue());
    }
    assertThat(ENGINE.decide(request, facts)).as("deterministic").isEqualTo(d);
  }

  private static DataRequest request(JsonNode r) {
    Requester requester =
        new Requester(
            r.path("person").asText("pro-1"),
            "Anna de Vries",
            r.path("role").asText("neighbourhood-team-worker"),
            r.path("org").asText("wijkteam-noord"));
    Set<String> categories =
        r.has("categories")
            ? new LinkedHashSet<>(strings(r.path("categories")))
            : Set.of("care-plan");
    return new DataRequest(
        "req-1",
        requester,
        r.path("bsn").asText("111222333"),
        r.path("source").asText("ggz-de-linde"),
        r.has("purpose") ? text(r.path("purpose")) : "care-coordination",
        r.has("explanation") ? text(r.path("explanation")) : "Afstemming van de hulp",
        categories,
        r.has("basis") ? text(r.path("basis")) : "consent",
        text(r.path("motivation")),
        text(r.path("delayedNoticeMotivation")));
  }

  private static Facts facts(JsonNode c, LocalDate today, Instant now) {
    JsonNode y = c.path("youth");
    Youth youth = null;
    if (!y.path("unknown").asBoolean(false)) {
      LocalDate birth =
          y.has("birthDate")
              ? (y.path("birthDate").isNull()
                  ? null
                  : LocalDate.parse(y.path("birthDate").asText()))
              : today.minusYears(y.path("age").asInt(8)).minusDays(10);
      List<Person> holders = new ArrayList<>();
      for (String id :
          y.has("authorityHolders")
              ? strings(y.path("authorityHolders"))
              : List.of("mother", "father")) {
        holders.add(new Person(id, id, Person.Relation.AUTHORITY_HOLDER));
      }
      Person representative =
          y.has("representative")
              ? new Person(
                  y.path("representative").asText(), "curator", Person.Relation.REPRESENTATIVE)
              : null;
      youth = new Youth("111222333", "youth", "Sam", birth, holders, representative);
    }
    JsonNode req = c.path("request");
    String org = req.path("org").asText("wijkteam-noord");
    String purpose = req.has("purpose") ? text(req.path("purpose")) : "care-coordination";
    List<String> reqCategories =
        req.has("categories") ? strings(req.path("categories")) : List.of("care-plan");
    List<ConsentRecord> consents = new ArrayList<>();
    int n = 0;
    for (JsonNode k : c.path("consents")) {
      consents.add(
          new ConsentRecord(
              k.path("id").asText("consent-" + (++n)),
              k.path("by").asText(),
              k.path("org").asText(org),
              k.has("purpose") ? k.path("purpose").asText() : purpose,
              new LinkedHashSet<>(
                  k.has("categories") ? strings(k.path("categories")) : reqCategories),
              k.path("version").asText("v1"),
              ConsentRecord.Act.valueOf(k.path("act").asText("AUTHENTICATED_ACT")),
              instant(k.path("start"), now.minusSeconds(86_400)),
              instant(k.path("end"), null),
              instant(k.path("withdrawn"), null)));
    }
    List<ObjectionRecord> objections = new ArrayList<>();
    n = 0;
    for (JsonNode o : c.path("objections")) {
      objections.add(
          new ObjectionRecord(
              o.path("id").asText("objection-" + (++n)),
              o.path("by").asText("mother"),
              text(o.path("org")),
              text(o.path("purpose")),
              text(o.path("category")),
              instant(o.path("lodged"), now.minusSeconds(3_600)),
              instant(o.path("withdrawn"), null)));
    }
    List<SourceItem> items = null;
    if (c.has("items")) {
      items = new ArrayList<>();
      for (JsonNode i : c.path("items")) {
        Recording rec = null;
        if (i.has("recording")) {
          JsonNode r = i.path("recording");
          rec =
              new Recording(
                  Recording.Kind.valueOf(r.path("kind").asText("VIDEO_HOME_TRAINING")),
                  r.path("owner").asText("mother"),
                  r.path("maker").asText("femke"),
                  strings(r.path("depicted")),
                  r.path("registeredHash").asText("abc"),
                  r.path("currentHash").asText("abc"),
                  r.path("editAnnounced").asBoolean(false),
                  r.has("trajectoryEnd")
                      ? LocalDate.parse(r.path("trajectoryEnd").asText())
                      : null);
        }
        items.add(
            new SourceItem(
                i.path("id").asText(),
                i.path("category").asText(),
                i.path("secrecy").asBoolean(false),
                rec));
      }
    }
    Instant delivered =
        c.has("noticeDelivered")
            ? instant(c.path("noticeDelivered"), null)
            : c.has("items") ? now.minusSeconds(60) : null;
    List<PriorRelease> history = new ArrayList<>();
    for (JsonNode p : c.path("history")) {
      history.add(
          new PriorRelease(
              p.path("id").asText(),
              p.path("person").asText("pro-1"),
              p.path("org").asText(org),
              "111222333",
              p.path("source").asText("ggz-de-linde"),
              p.path("purpose").asText(purpose),
              new LinkedHashSet<>(
                  p.has("categories") ? strings(p.path("categories")) : reqCategories),
              instant(p.path("released"), now.minusSeconds(86_400 * 10)),
              instant(p.path("retentionEnd"), now.plusSeconds(86_400)),
              Set.of(),
              strings(p.path("withheld")).stream()
                  .map(w -> w.split(" "))
                  .map(w -> new WithheldItem(w[0], w.length > 2 ? w[2] : "safety", w[1]))
                  .toList(),
              leftOutOf(p.path("leftOut"))));
    }
    return new Facts(
        Clock.fixed(now, ZONE), youth, consents, objections, items, delivered, history);
  }

  private static Map<String, String> leftOutOf(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /**
   * "RULE KEY name=value …" (or "KEY name=value …") against a reason's or suggestion's rule, key
   * and parameters.
   */
  static boolean matches(String expected, String head, Map<String, Object> params) {
    String[] parts = expected.trim().split("\\s+");
    int words = head.split(" ").length;
    if (!String.join(" ", java.util.Arrays.copyOf(parts, words)).equals(head)) {
      return false;
    }
    for (int i = words; i < parts.length; i++) {
      String[] nv = parts[i].split("=", 2);
      if (!params.containsKey(nv[0])
          || !plain(params.get(nv[0])).equals(nv.length > 1 ? nv[1] : "")) {
        return false;
      }
    }
    return true;
  }

  private static String plain(Object value) {
    if (value instanceof java.util.Collection<?> c) {
      return c.stream()
          .map(v -> v instanceof Person p ? p.id() : String.valueOf(v))
          .collect(Collectors.joining(","));
    }
    return String.valueOf(value);
  }

  private static Instant instant(JsonNode node, Instant fallback) {
    return node.isMissingNode() || node.isNull() ? fallback : Instant.parse(node.asText());
  }

  private static String text(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : node.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static String describe(Decision d) {
    return d.reasons().stream()
        .map(r -> r.ruleId() + " " + r.effect())
        .collect(Collectors.joining(", "));
  }
}
