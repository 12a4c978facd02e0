package nl.jeugdpoort.policy.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The purpose catalogue, loaded once from {@value #RESOURCE}. Immutable and safe to share.
 *
 * <p>The file is the single source of truth for purposes, categories, roles and the kinds of
 * organisation with the roles each may hold (issue #18): the FHIR package publishes it as
 * CodeSystems, and a test checks they agree.
 */
public final class PurposeCatalogue {

  /** Classpath location of the catalogue file. */
  public static final String RESOURCE = "/nl/jeugdpoort/policy/catalogue/purpose-catalogue.json";

  private final String version;
  private final Duration maxNoticeDelay;
  private final Map<String, Category> categories;
  private final Map<String, String> roles;
  private final Map<String, Purpose> purposes;
  private final Map<String, OrganisationKind> kinds;

  /** Uses that are never a purpose (V4); set once by {@link #parse}. */
  private Map<String, RefusedUse> refusedUses = Map.of();

  private PurposeCatalogue(
      String version,
      Duration maxNoticeDelay,
      Map<String, Category> categories,
      Map<String, String> roles,
      Map<String, Purpose> purposes,
      Map<String, OrganisationKind> kinds) {
    this.version = version;
    this.maxNoticeDelay = maxNoticeDelay;
    this.categories = Map.copyOf(categories);
    this.roles = Map.copyOf(roles);
    this.purposes = Map.copyOf(purposes);
    this.kinds = new LinkedHashMap<>(kinds);
  }

  /** Loads the catalogue shipped with this module. */
  public static PurposeCatalogue load() {
    try (InputStream in = PurposeCatalogue.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("purpose catalogue missing from classpath: " + RESOURCE);
      }
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read purpose catalogue", e);
    }
  }

  /**
   * Parses a catalogue; fails on any unknown category, role or basis so that typos cannot slip in.
   */
  public static PurposeCatalogue parse(InputStream in) throws IOException {
    JsonNode root = new ObjectMapper().readTree(in);
    Map<String, Category> categories = new LinkedHashMap<>();
    for (JsonNode c : root.path("categories")) {
      List<Category.Mapping> mappings = new ArrayList<>();
      for (JsonNode m : c.path("map")) {
        mappings.add(
            new Category.Mapping(
                text(m, "resourceType"),
                optional(m, "element"),
                optional(m, "system"),
                optional(m, "code")));
      }
      Category category = new Category(text(c, "code"), text(c, "display"), mappings);
      categories.put(category.code(), category);
    }
    Map<String, String> roles = new LinkedHashMap<>();
    for (JsonNode r : root.path("roles")) {
      roles.put(text(r, "code"), text(r, "display"));
    }
    Map<String, OrganisationKind> kinds = new LinkedHashMap<>();
    for (JsonNode k : root.path("organisationKinds")) {
      String code = text(k, "code");
      Set<String> kindRoles = strings(k.path("roles"));
      for (String role : kindRoles) {
        if (!roles.containsKey(role)) {
          throw new IllegalArgumentException(
              "organisation kind " + code + " names unknown role " + role);
        }
      }
      if (kinds.put(code, new OrganisationKind(code, text(k, "display"), kindRoles)) != null) {
        throw new IllegalArgumentException("organisation kind " + code + " is listed twice");
      }
    }
    Set<String> bases = Set.of("consent", "legal-duty", "compelling-interest");
    Map<String, Purpose> purposes = new LinkedHashMap<>();
    for (JsonNode p : root.path("purposes")) {
      String code = text(p, "code");
      Map<String, Set<String>> fields = new TreeMap<>();
      Map<String, String> rationale = new TreeMap<>();
      p.path("fields")
          .fields()
          .forEachRemaining(
              e -> {
                Category category = categories.get(e.getKey());
                if (category == null) {
                  throw new IllegalArgumentException(
                      "purpose " + code + " names unknown category " + e.getKey());
                }
                JsonNode paths = e.getValue().isArray() ? e.getValue() : e.getValue().path("paths");
                Set<String> allowed = new TreeSet<>();
                for (JsonNode path : paths) {
                  allowed.add(checkedPath(code, category, path.asText()));
                }
                if (allowed.isEmpty()) {
                  throw new IllegalArgumentException(
                      "purpose "
                          + code
                          + " allows category "
                          + e.getKey()
                          + " without any element");
                }
                fields.put(e.getKey(), allowed);
                String why = e.getValue().path("why").asText("");
                if (!why.isBlank()) {
                  rationale.put(e.getKey(), why);
                }
              });
      Set<String> purposeRoles = strings(p.path("roles"));
      for (String role : purposeRoles) {
        if (!roles.containsKey(role)) {
          throw new IllegalArgumentException("purpose " + code + " names unknown role " + role);
        }
      }
      Set<String> purposeBases = strings(p.path("bases"));
      for (String basis : purposeBases) {
        if (!bases.contains(basis)) {
          throw new IllegalArgumentException("purpose " + code + " names unknown basis " + basis);
        }
      }
      purposes.put(
          code,
          new Purpose(
              code,
              text(p, "display"),
              text(p, "definition"),
              text(p, "purposeOfUse"),
              fields,
              rationale,
              purposeRoles,
              purposeBases,
              noticeAfter(code, p.path("notice").asText("before")),
              Duration.parse(p.path("objectionWindow").asText("PT0S")),
              Duration.parse(text(p, "retention")),
              p.path("deleteAfterUse").asBoolean(false),
              p.path("confidentiality").asText("R"),
              p.path("internalOnly").asBoolean(false)));
    }
    PurposeCatalogue catalogue =
        new PurposeCatalogue(
            text(root, "version"),
            Duration.parse(text(root, "maxNoticeDelay")),
            categories,
            roles,
            purposes,
            kinds);
    Map<String, RefusedUse> refused = new LinkedHashMap<>();
    for (JsonNode u : root.path("refusedUses")) {
      RefusedUse use =
          new RefusedUse(
              text(u, "code"), text(u, "display"), text(u, "definition"), text(u, "rule"));
      if (purposes.containsKey(use.code())) {
        throw new IllegalArgumentException("refused use " + use.code() + " is also a purpose");
      }
      refused.put(use.code(), use);
    }
    catalogue.refusedUses = Map.copyOf(refused);
    return catalogue;
  }

  /**
   * The notice mode: "before" (always first, N1) or "before-or-after" (afterwards allowed with
   * motivation, N2).
   */
  private static boolean noticeAfter(String purpose, String mode) {
    switch (mode) {
      case "before":
        return false;
      case "before-or-after":
        return true;
      default:
        throw new IllegalArgumentException(
            "purpose " + purpose + " has unknown notice mode " + mode);
    }
  }

  /**
   * An allow-list entry is an element path in FHIRPath, rooted at one of the category's resource
   * types ({@code Observation.value}, {@code Patient.identifier.where(system='…')}); {@code [x]}
   * may mark a choice element and is dropped. The syntax is checked by the gateway with HAPI's
   * FHIRPath engine.
   */
  private static String checkedPath(String purpose, Category category, String raw) {
    String path = raw.trim().replace("[x]", "");
    int dot = path.indexOf('.');
    String type = dot < 0 ? path : path.substring(0, dot);
    if (dot < 1 || dot == path.length() - 1 || !category.resourceTypes().contains(type)) {
      throw new IllegalArgumentException(
          "purpose "
              + purpose
              + ", category "
              + category.code()
              + ": element path '"
              + raw
              + "' must start with one of "
              + category.resourceTypes()
              + " followed by an element");
    }
    return path;
  }

  private static String optional(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.asText().isBlank() ? null : value.asText();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.asText().isBlank()) {
      throw new IllegalArgumentException("purpose catalogue: missing '" + field + "' in " + node);
    }
    return value.asText();
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> out = new LinkedHashSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  public String version() {
    return version;
  }

  /** The longest a notice may be delayed under rule N2. */
  public Duration maxNoticeDelay() {
    return maxNoticeDelay;
  }

  public Optional<Purpose> purpose(String code) {
    return Optional.ofNullable(code == null ? null : purposes.get(code));
  }

  /** A use that is never a purpose (V4: evidence in a dispute), by code. */
  public Optional<RefusedUse> refusedUse(String code) {
    return Optional.ofNullable(code == null ? null : refusedUses.get(code));
  }

  /** Every refused use, by code. */
  public List<RefusedUse> refusedUses() {
    return refusedUses.values().stream().sorted((a, b) -> a.code().compareTo(b.code())).toList();
  }

  public Collection<Purpose> purposes() {
    List<Purpose> list = new ArrayList<>(purposes.values());
    list.sort((a, b) -> a.code().compareTo(b.code()));
    return list;
  }

  public Optional<Category> category(String code) {
    return Optional.ofNullable(code == null ? null : categories.get(code));
  }

  public Collection<Category> categories() {
    List<Category> list = new ArrayList<>(categories.values());
    list.sort((a, b) -> a.code().compareTo(b.code()));
    return list;
  }

  /** The Dutch display of a category, or its code when unknown. */
  public String categoryDisplay(String code) {
    return category(code).map(Category::display).orElse(code);
  }

  /** The kinds of organisation, in catalogue order, each with the requester roles it may hold. */
  public Collection<OrganisationKind> organisationKinds() {
    return List.copyOf(kinds.values());
  }

  /** The kind of organisation with this code, if the catalogue knows it. */
  public Optional<OrganisationKind> organisationKind(String code) {
    return Optional.ofNullable(code == null ? null : kinds.get(code));
  }

  /** Requester roles by code, with their Dutch display. */
  public Map<String, String> roles() {
    return new TreeMap<>(roles);
  }
}
