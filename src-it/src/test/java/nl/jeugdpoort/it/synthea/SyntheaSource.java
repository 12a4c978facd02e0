package nl.jeugdpoort.it.synthea;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import nl.jeugdpoort.fhir.Vocabulary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;

/**
 * A Dutch youth-care source made of Synthea records: what the build generated under {@code
 * synthea.dir} (src-it/pom.xml, profile synthea-generate), read as FHIR R4 and enriched the way a
 * Dutch source would hold it. Synthea's own content stays as it is: its identifiers (MRN,
 * social-security number, driver's licence, passport), its references, and no Jeugdpoort category
 * tag, as a real source has none. Added: a BSN on every Patient; a mother and a father as
 * RelatedPerson with the legal role authority-holder and an e-mail address, for every youth under
 * 18. Special cases:
 *
 * <ul>
 *   <li>the woman of 18 (the "adult" run) gets the BSN of one of the children: two Patients for one
 *       BSN;
 *   <li>the child under 12 with the most Observations (hundreds, many search pages);
 *   <li>the youth of 17 (the "teen" run), whose record is about 3 MB.
 * </ul>
 *
 * Everything is deterministic: Synthea's seeds (src-it/pom.xml) and {@link #SEED} here for the
 * BSNs.
 */
public final class SyntheaSource {
  public static final String BSN = "http://fhir.nl/fhir/NamingSystem/bsn";

  /** Seeds the BSNs; Synthea's own seeds are in src-it/pom.xml. */
  public static final long SEED = 20261201L;

  private static final String ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";

  /** One person of the source. */
  public record Person(
      String patientId,
      String bsn,
      LocalDate birthDate,
      String run,
      long recordBytes,
      Map<String, Integer> counts) {
    public int count(String type) {
      return counts.getOrDefault(type, 0);
    }
  }

  private final Map<String, List<Resource>> byType = new LinkedHashMap<>();
  private final Map<String, Person> people = new LinkedHashMap<>();
  private final Person adult;
  private final Person sharesBsnWithAdult;
  private final Person teen;
  private final Person mostObservations;

  private SyntheaSource(Path dir, FhirContext fhir) throws IOException {
    Random random = new Random(SEED);
    Set<String> bsns = new LinkedHashSet<>();
    List<Person> children = new ArrayList<>();
    Person adultFound = null;
    Person teenFound = null;
    List<Resource> adultResources = new ArrayList<>();
    List<Resource> others = new ArrayList<>();
    for (String run : List.of("children", "teen", "adult")) {
      Path fhirDir = dir.resolve(run).resolve("fhir");
      if (!Files.isDirectory(fhirDir)) {
        throw new IllegalStateException(
            "no Synthea output in "
                + fhirDir
                + ": run the build's generate-test-resources (src-it/pom.xml)");
      }
      List<Path> files;
      try (Stream<Path> list = Files.list(fhirDir)) {
        files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      }
      for (Path file : files) {
        Bundle bundle;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          bundle = fhir.newJsonParser().parseResource(Bundle.class, in);
        }
        List<Resource> resources = resolve(fhir, bundle);
        Patient patient =
            resources.stream()
                .filter(Patient.class::isInstance)
                .map(Patient.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no Patient in " + file));
        String bsn = newBsn(random, bsns);
        patient.addIdentifier().setSystem(BSN).setValue(bsn);
        LocalDate birth = LocalDate.ofInstant(patient.getBirthDate().toInstant(), ZoneOffset.UTC);
        Map<String, Integer> counts = new HashMap<>();
        resources.forEach(r -> counts.merge(r.fhirType(), 1, Integer::sum));
        if (!"adult".equals(run)) {
          resources.addAll(parents(patient));
          counts.put("RelatedPerson", 2);
        }
        Person person =
            new Person(
                patient.getIdElement().getIdPart(),
                bsn,
                birth,
                run,
                Files.size(file),
                Map.copyOf(counts));
        switch (run) {
          case "adult" -> {
            adultFound = person;
            adultResources.addAll(resources);
          }
          case "teen" -> {
            teenFound = person;
            others.addAll(resources);
          }
          default -> {
            children.add(person);
            others.addAll(resources);
          }
        }
        people.put(person.patientId(), person);
      }
    }
    if (adultFound == null || teenFound == null || children.size() < 2) {
      throw new IllegalStateException(
          "the Synthea output lacks the adult, the youth of 17 or the children");
    }
    // The child under 12 (on the day of the test: only the parents consent, C2) with the most
    // Observations.
    LocalDate today = LocalDate.now();
    mostObservations =
        children.stream()
            .filter(p -> p.birthDate().plusYears(12).isAfter(today))
            .max(Comparator.comparingInt(p -> p.count("Observation")))
            .orElseThrow();
    // The adult shares her BSN with the child with the fewest Observations (not a special case
    // itself).
    Person twin =
        children.stream()
            .filter(p -> p != mostObservations)
            .min(Comparator.comparingInt(p -> p.count("Observation")))
            .orElseThrow();
    Patient adultPatient =
        adultResources.stream()
            .filter(Patient.class::isInstance)
            .map(Patient.class::cast)
            .findFirst()
            .orElseThrow();
    adultPatient.getIdentifier().stream()
        .filter(i -> BSN.equals(i.getSystem()))
        .findFirst()
        .orElseThrow()
        .setValue(twin.bsn());
    adult =
        new Person(
            adultFound.patientId(),
            twin.bsn(),
            adultFound.birthDate(),
            "adult",
            adultFound.recordBytes(),
            adultFound.counts());
    people.put(adult.patientId(), adult);
    sharesBsnWithAdult = twin;
    teen = teenFound;
    // The adult comes first in every search result, as in the issue: a gateway that takes the first
    // Patient takes hers.
    Stream.concat(adultResources.stream(), others.stream())
        .forEach(r -> byType.computeIfAbsent(r.fhirType(), t -> new ArrayList<>()).add(r));
  }

  /** Reads the generated population from {@code dir} (system property synthea.dir). */
  public static SyntheaSource load(Path dir, FhirContext fhir) {
    try {
      return new SyntheaSource(dir, fhir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Synthea population in " + dir, e);
    }
  }

  /**
   * Synthea's collection Bundles refer by {@code urn:uuid:} full URLs; a FHIR server serves them as
   * {@code Type/id}. References to resources outside the record (Synthea's conditional references
   * to practitioners and organisations) stay as they are.
   */
  private static List<Resource> resolve(FhirContext fhir, Bundle bundle) {
    Map<String, String> local = new HashMap<>();
    List<Resource> out = new ArrayList<>();
    for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
      Resource r = e.getResource();
      String uuid =
          e.getFullUrl().startsWith("urn:uuid:")
              ? e.getFullUrl().substring("urn:uuid:".length())
              : r.getIdElement().getIdPart();
      r.setId(r.fhirType() + "/" + uuid);
      local.put(e.getFullUrl(), r.fhirType() + "/" + uuid);
      out.add(r);
    }
    FhirTerser terser = fhir.newTerser();
    for (Resource r : out) {
      for (Reference ref : terser.getAllPopulatedChildElementsOfType(r, Reference.class)) {
        String target = ref.getReference() == null ? null : local.get(ref.getReference());
        if (target != null) {
          ref.setReference(target);
        }
      }
    }
    return out;
  }

  private static List<RelatedPerson> parents(Patient child) {
    String id = child.getIdElement().getIdPart();
    String family = child.getNameFirstRep().getFamily();
    List<RelatedPerson> out = new ArrayList<>();
    for (String[] p :
        new String[][] {{"mother", "MTH", "moeder", "Anne"}, {"father", "FTH", "vader", "Bas"}}) {
      RelatedPerson rp = new RelatedPerson();
      rp.setId("RelatedPerson/" + id + "-" + p[0]);
      rp.setActive(true);
      rp.getPatient().setReference("Patient/" + id);
      rp.addRelationship()
          .addCoding(new Coding(Vocabulary.LEGAL_ROLE, "authority-holder", "Ouder met gezag"));
      rp.addRelationship().addCoding(new Coding(ROLE_CODE, p[1], p[2]));
      rp.addName().setFamily(family).addGiven(p[3]);
      rp.setGender("mother".equals(p[0]) ? AdministrativeGender.FEMALE : AdministrativeGender.MALE);
      rp.addTelecom()
          .setSystem(ContactPoint.ContactPointSystem.EMAIL)
          .setValue(p[0] + "." + id.substring(0, 8) + "@synthea.example");
      out.add(rp);
    }
    return out;
  }

  /**
   * A fresh BSN: nine digits passing the elfproef (9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 mod 11), never
   * all zeros.
   */
  static String newBsn(Random random, Set<String> taken) {
    while (true) {
      int[] d = new int[9];
      int sum = 0;
      for (int i = 0; i < 8; i++) {
        d[i] = random.nextInt(10);
        sum += (9 - i) * d[i];
      }
      int check = sum % 11;
      if (check == 10) {
        continue;
      }
      d[8] = check;
      StringBuilder s = new StringBuilder();
      for (int digit : d) {
        s.append(digit);
      }
      String bsn = s.toString();
      if (!bsn.equals("000000000") && isValidBsn(bsn) && taken.add(bsn)) {
        return bsn;
      }
    }
  }

  /** The elfproef for a BSN. */
  public static boolean isValidBsn(String bsn) {
    if (bsn == null || !bsn.matches("\\d{9}") || bsn.equals("000000000")) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 8; i++) {
      sum += (9 - i) * (bsn.charAt(i) - '0');
    }
    sum -= bsn.charAt(8) - '0';
    return sum % 11 == 0;
  }

  /** Every resource of the source, by type, in the order searches return them. */
  public Map<String, List<Resource>> resources() {
    return byType;
  }

  public List<Person> people() {
    return List.copyOf(people.values());
  }

  /** The youths under 18 (the children and the youth of 17). */
  public List<Person> youths() {
    return people.values().stream().filter(p -> !"adult".equals(p.run())).toList();
  }

  /** The woman of 18 whose BSN is also the BSN of {@link #sharesBsnWithAdult()}. */
  public Person adult() {
    return adult;
  }

  public Person sharesBsnWithAdult() {
    return sharesBsnWithAdult;
  }

  /** The youth of 17, whose record is about 3 MB. */
  public Person teen() {
    return teen;
  }

  /** The child under 12 today with the most Observations. */
  public Person mostObservations() {
    return mostObservations;
  }

  /** The ids of every resource in the Patient compartment of {@code patientId}, as Type/id. */
  public Set<String> compartment(String patientId) {
    Set<String> ids = new LinkedHashSet<>();
    record(patientId).forEach(r -> ids.add(r.fhirType() + "/" + r.getIdElement().getIdPart()));
    return ids;
  }

  /** Every resource in the Patient compartment of {@code patientId}. */
  public List<Resource> record(String patientId) {
    return byType.values().stream()
        .flatMap(List::stream)
        .filter(r -> SyntheaFhirServer.belongsTo(r, patientId))
        .toList();
  }
}
