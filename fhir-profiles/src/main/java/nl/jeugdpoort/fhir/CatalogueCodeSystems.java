package nl.jeugdpoort.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.jeugdpoort.policy.LegalBasis;
import nl.jeugdpoort.policy.catalogue.Category;
import nl.jeugdpoort.policy.catalogue.Purpose;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;

/**
 * The CodeSystems that come from the purpose catalogue — purpose, data-category, requester-role and
 * legal-basis — built from the same file the policy module decides with, so that the two cannot
 * disagree. The published copies live in {@code src/main/resources/fhir}; {@code
 * CatalogueCodeSystemsTest} fails when they differ from what this class builds. Regenerate with
 * {@code mvn -pl fhir-profiles -am -q compile exec:java
 * -Dexec.mainClass=nl.jeugdpoort.fhir.CatalogueCodeSystems}.
 */
public final class CatalogueCodeSystems {
  public static final String PROPERTY = Vocabulary.BASE + "/CodeSystem/purpose#";

  private CatalogueCodeSystems() {}

  /**
   * Every resource built from the catalogue (the CodeSystems and the category mapping), by file
   * name.
   */
  public static Map<String, MetadataResource> all(PurposeCatalogue catalogue) {
    return Map.of(
        "CodeSystem-purpose.json", purpose(catalogue),
        "CodeSystem-data-category.json", dataCategory(catalogue),
        "CodeSystem-requester-role.json", requesterRole(catalogue),
        "CodeSystem-legal-basis.json", legalBasis(catalogue),
        "ConceptMap-category-mapping.json", categoryMapping(catalogue));
  }

  /**
   * The category mapping as a ConceptMap: FHIR resource type → data category. A target with a
   * {@code dependsOn} applies only when the resource's element ({@code property}, a FHIRPath
   * relative to the resource) holds a coding of that system (and code, when given); such a target
   * is more specific and wins over the plain one. A {@code meta.tag} of the data-category system,
   * where a source sets one for a category of the resource's type, wins over both. Types without an
   * element here are not mapped: the gateway never releases them.
   */
  public static ConceptMap categoryMapping(PurposeCatalogue catalogue) {
    ConceptMap map = new ConceptMap();
    map.setId("category-mapping");
    map.setUrl(Vocabulary.BASE + "/ConceptMap/category-mapping");
    map.setVersion(catalogue.version());
    map.setName("JeugdpoortCategoryMapping");
    map.setTitle("Van FHIR-resourcetype naar gegevenscategorie");
    map.setStatus(Enumerations.PublicationStatus.ACTIVE);
    map.setExperimental(false);
    map.setPublisher("Jeugdpoort");
    map.setDescription(
        "How the gateway recognises the data category (rule P2) of a source's resource: by a "
            + "data-category meta.tag where the source sets one, else by resource type, narrowed by a coded element "
            + "where dependsOn says so. Resource types not listed are never released.");
    map.setSource(new UriType("http://hl7.org/fhir/ValueSet/resource-types"));
    map.setTarget(new UriType(Vocabulary.BASE + "/ValueSet/data-category"));
    ConceptMap.ConceptMapGroupComponent group =
        map.addGroup()
            .setSource("http://hl7.org/fhir/resource-types")
            .setTarget(Vocabulary.DATA_CATEGORY);
    Map<String, ConceptMap.SourceElementComponent> byType = new TreeMap<>();
    for (Category c : catalogue.categories()) {
      for (Category.Mapping m : c.mappings()) {
        ConceptMap.SourceElementComponent element =
            byType.computeIfAbsent(
                m.resourceType(), t -> new ConceptMap.SourceElementComponent().setCode(t));
        ConceptMap.TargetElementComponent target =
            element
                .addTarget()
                .setCode(c.code())
                .setDisplay(c.display())
                .setEquivalence(Enumerations.ConceptMapEquivalence.WIDER);
        if (m.conditional()) {
          target
              .addDependsOn()
              .setProperty(m.resourceType() + "." + m.element())
              .setSystem(m.system())
              .setValue(m.code() == null ? "*" : m.code());
          target.setComment(
              "Only when "
                  + m.resourceType()
                  + "."
                  + m.element()
                  + " has a coding of "
                  + m.system()
                  + (m.code() == null ? "" : " with code " + m.code())
                  + ".");
        }
      }
    }
    byType.values().forEach(group::addElement);
    return map;
  }

  public static CodeSystem purpose(PurposeCatalogue catalogue) {
    CodeSystem cs =
        base(
            "purpose",
            Vocabulary.PURPOSE,
            "JeugdpoortPurpose",
            "Doelen van gegevensuitwisseling",
            "The purposes of the Jeugdpoort purpose catalogue (rule P1), with their categories, entitled roles, "
                + "allowed legal bases, objection window and retention (rules P2, P3, N3, E1).",
            catalogue);
    cs.addProperty()
        .setCode("category")
        .setType(CodeSystem.PropertyType.CODE)
        .setDescription("A data category the purpose may use (P2)");
    cs.addProperty()
        .setCode("role")
        .setType(CodeSystem.PropertyType.CODE)
        .setDescription("A requester role entitled to the purpose (P3)");
    cs.addProperty()
        .setCode("basis")
        .setType(CodeSystem.PropertyType.CODE)
        .setDescription("An allowed legal basis (P3)");
    cs.addProperty()
        .setCode("purposeOfUse")
        .setType(CodeSystem.PropertyType.CODE)
        .setDescription("The v3-ActReason code put on releases (P4)");
    cs.addProperty()
        .setCode("notice")
        .setType(CodeSystem.PropertyType.CODE)
        .setDescription(
            "Notice mode: before (always first, N1) or before-or-after (afterwards with motivation, N2)");
    cs.addProperty()
        .setCode("objectionWindow")
        .setType(CodeSystem.PropertyType.STRING)
        .setDescription("ISO-8601 duration a release is held after the notice (N3)");
    cs.addProperty()
        .setCode("retention")
        .setType(CodeSystem.PropertyType.STRING)
        .setDescription("ISO-8601 duration a release is kept (E1)");
    cs.addProperty()
        .setCode("internalOnly")
        .setType(CodeSystem.PropertyType.BOOLEAN)
        .setDescription("Data never leaves the source organisation (V7)");
    cs.addProperty()
        .setCode("refusedBy")
        .setType(CodeSystem.PropertyType.CODE)
        .setDescription(
            "Not a purpose: a use that is always refused, on this rule (V4: evidence in a dispute)");
    for (Purpose p : catalogue.purposes()) {
      CodeSystem.ConceptDefinitionComponent c =
          cs.addConcept().setCode(p.code()).setDisplay(p.display()).setDefinition(p.definition());
      p.sortedCategories()
          .forEach(cat -> c.addProperty().setCode("category").setValue(new CodeType(cat)));
      p.roles().stream()
          .sorted()
          .forEach(r -> c.addProperty().setCode("role").setValue(new CodeType(r)));
      p.bases().stream()
          .sorted()
          .forEach(b -> c.addProperty().setCode("basis").setValue(new CodeType(b)));
      c.addProperty().setCode("purposeOfUse").setValue(new CodeType(p.purposeOfUse()));
      c.addProperty()
          .setCode("notice")
          .setValue(new CodeType(p.noticeAfterAllowed() ? "before-or-after" : "before"));
      c.addProperty()
          .setCode("objectionWindow")
          .setValue(new StringType(p.objectionWindow().toString()));
      c.addProperty().setCode("retention").setValue(new StringType(p.retention().toString()));
      c.addProperty().setCode("internalOnly").setValue(new BooleanType(p.internalOnly()));
    }
    // V4: uses a requester can name that are never a purpose; a request naming one is refused on
    // that rule.
    for (nl.jeugdpoort.policy.catalogue.RefusedUse u : catalogue.refusedUses()) {
      cs.addConcept()
          .setCode(u.code())
          .setDisplay(u.display())
          .setDefinition(u.definition())
          .addProperty()
          .setCode("refusedBy")
          .setValue(new CodeType(u.ruleId()));
    }
    return cs;
  }

  public static CodeSystem dataCategory(PurposeCatalogue catalogue) {
    CodeSystem cs =
        base(
            "data-category",
            Vocabulary.DATA_CATEGORY,
            "JeugdpoortDataCategory",
            "Gegevenscategorieën",
            "Kinds of data a source holds about a youth (rule P2). A source may tag an item with its category in "
                + "meta.tag; untagged items are recognised by type and code (ConceptMap category-mapping).",
            catalogue);
    cs.addProperty()
        .setCode("resourceType")
        .setType(CodeSystem.PropertyType.CODE)
        .setDescription("A FHIR resource type that carries items of this category");
    for (Category c : catalogue.categories()) {
      CodeSystem.ConceptDefinitionComponent concept =
          cs.addConcept().setCode(c.code()).setDisplay(c.display());
      c.resourceTypes()
          .forEach(t -> concept.addProperty().setCode("resourceType").setValue(new CodeType(t)));
    }
    return cs;
  }

  public static CodeSystem requesterRole(PurposeCatalogue catalogue) {
    CodeSystem cs =
        base(
            "requester-role",
            Vocabulary.REQUESTER_ROLE,
            "JeugdpoortRequesterRole",
            "Rollen",
            "Roles of the people and systems using Jeugdpoort (rule P3).",
            catalogue);
    catalogue.roles().forEach((code, display) -> cs.addConcept().setCode(code).setDisplay(display));
    for (List<String> other :
        List.of(
            List.of("family-member", "Gezinslid (jongere, ouder, voogd, curator of mentor)"),
            List.of("privacy-officer", "Privacyfunctionaris"),
            List.of("administrator", "Beheerder"),
            List.of("organisation-administrator", "Beheerder van de accounts van een organisatie"),
            List.of("organisation-system", "Systeem van een organisatie"),
            List.of("jeugdpoort-gateway", "Jeugdpoort zelf (stappen namens de aanvrager)"))) {
      cs.addConcept().setCode(other.get(0)).setDisplay(other.get(1));
    }
    return cs;
  }

  public static CodeSystem legalBasis(PurposeCatalogue catalogue) {
    CodeSystem cs =
        base(
            "legal-basis",
            Vocabulary.LEGAL_BASIS,
            "JeugdpoortLegalBasis",
            "Grondslagen",
            "The legal bases a purpose may allow (rule P3).",
            catalogue);
    for (LegalBasis b : LegalBasis.values()) {
      cs.addConcept().setCode(b.code()).setDisplay(b.dutch());
    }
    return cs;
  }

  private static CodeSystem base(
      String id,
      String url,
      String name,
      String title,
      String description,
      PurposeCatalogue catalogue) {
    CodeSystem cs = new CodeSystem();
    cs.setId(id);
    cs.setUrl(url);
    cs.setVersion(catalogue.version());
    cs.setName(name);
    cs.setTitle(title);
    cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
    cs.setExperimental(false);
    cs.setPublisher("Jeugdpoort");
    cs.setDescription(description);
    cs.setCaseSensitive(true);
    cs.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
    return cs;
  }

  /**
   * Writes the CodeSystems to {@code args[0]} (default: {@code
   * fhir-profiles/src/main/resources/fhir}).
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "src/main/resources/fhir");
    Files.createDirectories(dir);
    FhirContext fhir = FhirContext.forR4Cached();
    for (Map.Entry<String, MetadataResource> e : all(PurposeCatalogue.load()).entrySet()) {
      Files.writeString(
          dir.resolve(e.getKey()),
          fhir.newJsonParser().setPrettyPrint(true).encodeResourceToString(e.getValue()) + "\n");
    }
  }
}
