package nl.jeugdpoort.gateway.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import nl.jeugdpoort.fhir.Profiles;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.gateway.demo.DemoChild.DemoAdult;
import nl.jeugdpoort.policy.identity.Bsn;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * Generates the demo world from a seed and a reference date: the same inputs always give the same
 * organisations, children, accounts and FHIR records. Children's ages are spread over 0–19 on the
 * reference date.
 */
public final class DemoWorld {
  private static final String ROLE_CODE_SYSTEM =
      "http://terminology.hl7.org/CodeSystem/v3-RoleCode";

  public static final String WIJKTEAM = "wijkteam-noord";
  public static final String GGZ = "ggz-de-linde";
  public static final String GI = "gi-horizon";
  public static final String SCHOOL = "school-de-brug";
  public static final String RAAD = "raad-kinderbescherming";
  public static final String OFFLINE = "praktijk-offline";

  /** The child beyond c19 whose parents have accounts too (its recording: the V5 tests). */
  public static final int RECORDING_FAMILY = 21;

  /** The pupil in the school's classroom recording (V7). */
  public static final int CLASSROOM_PUPIL = 26;

  /** The teacher coach of the school who made the classroom recording (V7). */
  public static final String TEACHER_COACH = "tessa";

  private static final String[] GIVEN_GIRLS = {
    "Emma", "Julia", "Mila", "Tess", "Sophie", "Zoë", "Sara", "Nora", "Evi", "Lotte", "Fenna",
    "Yara", "Noor", "Lina", "Amira"
  };
  private static final String[] GIVEN_BOYS = {
    "Noah",
    "Sem",
    "Liam",
    "Luuk",
    "Daan",
    "Finn",
    "Levi",
    "Milan",
    "Bram",
    "Jesse",
    "Thijs",
    "Mohammed",
    "Adam",
    "Ravi",
    "Owen"
  };
  private static final String[] ADULT_WOMEN = {
    "Anouk", "Marieke", "Fatima", "Sanne", "Linda", "Ingrid", "Esra", "Kim", "Petra", "Naima"
  };
  private static final String[] ADULT_MEN = {
    "Mark", "Dennis", "Youssef", "Jeroen", "Kevin", "Hans", "Erik", "Ricardo", "Tom", "Ahmed"
  };
  private static final String[] FAMILY = {
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "El Amrani",
    "Yılmaz",
    "Kaya",
    "Pinas",
    "Nguyen"
  };

  private final List<DemoOrganisation> organisations;
  private final List<DemoChild> children;
  private final List<DemoAccount> accounts;
  private final Map<String, List<Resource>> recordsBySource;

  private DemoWorld(
      List<DemoOrganisation> organisations,
      List<DemoChild> children,
      List<DemoAccount> accounts,
      Map<String, List<Resource>> recordsBySource) {
    this.organisations = List.copyOf(organisations);
    this.children = List.copyOf(children);
    this.accounts = List.copyOf(accounts);
    this.recordsBySource = Map.copyOf(recordsBySource);
  }

  public List<DemoOrganisation> organisations() {
    return organisations;
  }

  public List<DemoChild> children() {
    return children;
  }

  public List<DemoAccount> accounts() {
    return accounts;
  }

  /** The FHIR records a demo source holds. */
  public List<Resource> records(String organisationId) {
    return recordsBySource.getOrDefault(organisationId, List.of());
  }

  public DemoChild child(String bsn) {
    return children.stream().filter(c -> c.bsn().equals(bsn)).findFirst().orElse(null);
  }

  /**
   * Generates the world for {@code seed}, with {@code count} children aged 0–19 on {@code
   * referenceDate}.
   */
  public static DemoWorld generate(long seed, LocalDate referenceDate, int count) {
    Random random = new Random(seed);
    List<DemoOrganisation> orgs =
        List.of(
            new DemoOrganisation(
                WIJKTEAM,
                "Wijkteam Noord",
                "neighbourhood-team",
                "/demo-sources/" + WIJKTEAM + "/fhir"),
            new DemoOrganisation(
                GGZ, "Jeugd-GGZ De Linde", "youth-mental-health", "/demo-sources/" + GGZ + "/fhir"),
            new DemoOrganisation(
                GI, "Jeugdbescherming Horizon", "family-guardian", "/demo-sources/" + GI + "/fhir"),
            // The school holds one classroom recording (V7), so it has a demo FHIR endpoint too.
            new DemoOrganisation(
                SCHOOL, "Basisschool De Brug", "school", "/demo-sources/" + SCHOOL + "/fhir"),
            new DemoOrganisation(
                RAAD, "Raad voor de Kinderbescherming", "child-protection-board", null),
            // A source that is always down (the discard port), to show what happens then.
            new DemoOrganisation(
                OFFLINE,
                "Jeugdpraktijk Zuid (altijd offline)",
                "youth-mental-health",
                "http://127.0.0.1:9/fhir"));

    List<DemoChild> children = new ArrayList<>();
    Set<String> bsns = new HashSet<>();
    for (int i = 0; i < count; i++) {
      int age = i % 20;
      LocalDate birth = referenceDate.minusYears(age).minusDays(1 + random.nextInt(360));
      if (i == 7) {
        // One child born on 29 February (rule C2's leap-day case).
        birth = LocalDate.of(2016, 2, 29);
      }
      boolean girl = random.nextBoolean();
      String given = girl ? pick(random, GIVEN_GIRLS) : pick(random, GIVEN_BOYS);
      String family = pick(random, FAMILY);
      String bsn = nextBsn(random, bsns);
      List<DemoAdult> adults = new ArrayList<>();
      String prefix = "c" + i;
      if (age >= 18) {
        if (i % 20 == 18 && i < 20) {
          adults.add(
              new DemoAdult(
                  prefix + "-curator",
                  "Gerard",
                  "Willems",
                  "CURATOR",
                  "curator",
                  mail(prefix, "curator")));
        }
      } else if (i == 5) {
        adults.add(
            new DemoAdult(
                prefix + "-guardian",
                "Hanneke",
                "Koster",
                "GUARD",
                "court-guardian",
                mail(prefix, "voogd")));
      } else {
        adults.add(
            new DemoAdult(
                prefix + "-mother",
                pick(random, ADULT_WOMEN),
                family,
                "MTH",
                "authority-holder",
                mail(prefix, "moeder")));
        if (random.nextInt(3) != 0) {
          adults.add(
              new DemoAdult(
                  prefix + "-father",
                  pick(random, ADULT_MEN),
                  family,
                  "FTH",
                  "authority-holder",
                  mail(prefix, "vader")));
        }
      }
      List<String> sources = new ArrayList<>();
      sources.add(WIJKTEAM);
      sources.add(OFFLINE);
      if (i % 3 != 2) {
        sources.add(GGZ);
      }
      if ((i % 4 == 0 && age < 18) || i == 5) {
        sources.add(GI);
      }
      children.add(
          new DemoChild(
              i,
              bsn,
              given,
              family,
              girl ? "female" : "male",
              birth,
              adults,
              sources,
              i % 17 == 11));
    }

    Map<String, List<Resource>> records = new LinkedHashMap<>();
    for (String source : List.of(WIJKTEAM, GGZ, GI)) {
      List<Resource> list = new ArrayList<>();
      Random r = new Random(seed ^ source.hashCode());
      for (DemoChild child : children) {
        if (child.sources().contains(source)) {
          list.addAll(recordsFor(source, child, r, referenceDate));
        }
      }
      records.put(source, list);
    }
    if (count > CLASSROOM_PUPIL) {
      records.put(SCHOOL, classroom(children.get(CLASSROOM_PUPIL), referenceDate));
    }

    List<DemoAccount> accounts =
        new ArrayList<>(
            List.of(
                new DemoAccount(
                    "anna",
                    "demo-anna",
                    "Anna de Vries",
                    "neighbourhood-team-worker",
                    WIJKTEAM,
                    null,
                    null),
                new DemoAccount(
                    "femke",
                    "demo-femke",
                    "Femke Mulder",
                    "video-home-trainer",
                    WIJKTEAM,
                    null,
                    null),
                new DemoAccount(
                    "bram",
                    "demo-bram",
                    "Bram Jansen",
                    "youth-mental-health-clinician",
                    GGZ,
                    null,
                    null),
                new DemoAccount(
                    "carla", "demo-carla", "Carla Bakker", "family-guardian", GI, null, null),
                new DemoAccount(
                    "dirk",
                    "demo-dirk",
                    "Dirk Visser",
                    "child-protection-investigator",
                    RAAD,
                    null,
                    null),
                new DemoAccount(
                    "eva", "demo-eva", "Eva Smit", "school-care-coordinator", SCHOOL, null, null),
                new DemoAccount(
                    TEACHER_COACH,
                    "demo-" + TEACHER_COACH,
                    "Tessa de Leeuw",
                    "teacher-coach",
                    SCHOOL,
                    null,
                    null),
                new DemoAccount(
                    "pieter", "demo-pieter", "Pieter Vos", "privacy-officer", GGZ, null, null),
                new DemoAccount(
                    "admin",
                    "demo-admin",
                    "Beheerder Jeugdpoort",
                    "administrator",
                    null,
                    null,
                    null)));
    // Family accounts for the first children: the parents (and the youth where 12+); and the
    // parents of c21, whose video-home-training recording the recording registry's tests use (V5).
    List<DemoChild> withAccounts = new ArrayList<>(children.subList(0, Math.min(count, 20)));
    if (count > RECORDING_FAMILY) {
      withAccounts.add(children.get(RECORDING_FAMILY));
    }
    for (DemoChild child : withAccounts) {
      for (DemoAdult adult : child.adults()) {
        String username =
            "ouder-" + child.index() + "-" + adult.id().substring(adult.id().indexOf('-') + 1);
        String relation =
            switch (adult.legalRole()) {
              case "authority-holder", "court-guardian" -> "authority-holder";
              case "curator", "mentor" -> "representative";
              default -> "other";
            };
        accounts.add(
            new DemoAccount(
                username,
                "demo-" + username,
                adult.givenName() + " " + adult.familyName(),
                "family-member",
                null,
                "RelatedPerson/" + adult.id(),
                child.bsn(),
                relation,
                child.birthDate(),
                child.givenName(),
                familyRole(adult.familyRole())));
      }
      if (child.index() % 20 >= 12) {
        String username = "jongere-" + child.index();
        accounts.add(
            new DemoAccount(
                username,
                "demo-" + username,
                child.name(),
                "family-member",
                null,
                "Patient/" + patientId(child),
                child.bsn(),
                "youth",
                child.birthDate(),
                child.givenName(),
                null));
      }
    }
    return new DemoWorld(orgs, children, accounts, records);
  }

  /** The RoleCode of the source (MTH, FTH, GUARD, CURATOR) as the account's family role. */
  private static String familyRole(String roleCode) {
    return switch (roleCode) {
      case "MTH" -> "mother";
      case "FTH" -> "father";
      case "GUARD" -> "guardian";
      case "CURATOR" -> "curator";
      default -> "parent";
    };
  }

  public static String patientId(DemoChild child) {
    return "c" + child.index();
  }

  private static List<Resource> recordsFor(
      String source, DemoChild child, Random r, LocalDate ref) {
    List<Resource> out = new ArrayList<>();
    String pid = patientId(child);
    Reference subject = new Reference("Patient/" + pid).setDisplay(child.name());

    Patient patient = youth(child, pid);
    patient
        .addAddress()
        .setCity("Utrecht")
        .setPostalCode(String.format("35%02d AB", child.index() % 100));
    patient
        .addTelecom()
        .setSystem(ContactPoint.ContactPointSystem.PHONE)
        .setValue("06-" + (10000000 + child.index()));
    out.add(patient);
    out.addAll(family(child, pid));

    String k = source + "-" + pid;
    CareTeam team = new CareTeam();
    team.setId("ct-" + k);
    team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
    team.setName("Hulpverleners rond " + child.givenName());
    team.setSubject(subject);
    team.addParticipant()
        .setMember(
            new Reference()
                .setDisplay(
                    switch (source) {
                      case WIJKTEAM -> "Anna de Vries (wijkteam)";
                      case GGZ -> "Bram Jansen (behandelaar)";
                      default -> "Carla Bakker (jeugdbeschermer)";
                    }));
    team.setPeriod(new Period().setStart(date(ref.minusMonths(3 + r.nextInt(20)))));
    tag(team, "care-team");
    out.add(team);

    CarePlan plan = new CarePlan();
    plan.setId("cp-" + k);
    plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
    plan.setIntent(CarePlan.CarePlanIntent.PLAN);
    plan.setTitle(
        switch (source) {
          case WIJKTEAM -> "Gezinsplan " + child.familyName();
          case GGZ -> "Behandelplan " + child.givenName();
          default -> "Plan van aanpak ondertoezichtstelling";
        });
    plan.setDescription(
        "Doelen: rust en regelmaat thuis, steun bij school, contact met leeftijdsgenoten.");
    plan.setSubject(subject);
    plan.setPeriod(new Period().setStart(date(ref.minusMonths(1 + r.nextInt(12)))));
    plan.addActivity().getDetail().setDescription("Wekelijks gesprek met " + child.givenName());
    plan.addNote().setText("Interne notitie van de hulpverlener; niet voor anderen bestemd.");
    tag(plan, "care-plan");
    out.add(plan);

    if (GGZ.equals(source)) {
      Condition condition = new Condition();
      condition.setId("cond-" + k);
      condition.setSubject(subject);
      condition.setCode(
          new CodeableConcept()
              .setText(
                  pick(
                      r,
                      new String[] {
                        "Angstklachten", "Somberheid", "ADHD", "Hechtingsproblematiek", "Trauma"
                      })));
      condition.setClinicalStatus(
          new CodeableConcept(
              new Coding(
                  "http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
      condition.setVerificationStatus(
          new CodeableConcept(
              new Coding(
                  "http://terminology.hl7.org/CodeSystem/condition-ver-status",
                  "confirmed",
                  null)));
      condition.setOnset(new DateTimeType(date(ref.minusMonths(2 + r.nextInt(24)))));
      condition.addNote().setText("Uitgebreide anamnese, gezinsgeschiedenis.");
      if (r.nextBoolean()) {
        secret(condition);
      }
      tag(condition, "diagnoses");
      out.add(condition);

      DocumentReference note = new DocumentReference();
      note.setId("note-" + k);
      note.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
      note.setSubject(subject);
      note.setType(new CodeableConcept(new Coding("http://loinc.org", "11506-3", "Progress note")));
      note.setDate(date(ref.minusDays(5 + r.nextInt(60))));
      note.setDescription("Verslag behandelsessie");
      note.addContent()
          .setAttachment(
              new Attachment()
                  .setContentType("text/plain")
                  .setData(
                      ("Sessie met "
                              + child.givenName()
                              + ": besproken wat goed gaat en wat lastig is.")
                          .getBytes(StandardCharsets.UTF_8)));
      secret(note);
      tag(note, "notes");
      out.add(note);
    }

    Observation sdq = new Observation();
    sdq.setId("obs-" + k);
    sdq.setStatus(Observation.ObservationStatus.FINAL);
    sdq.setSubject(subject);
    sdq.setCode(new CodeableConcept().setText("SDQ totale moeilijkheden-score"));
    sdq.setEffective(new DateTimeType(date(ref.minusDays(10 + r.nextInt(90)))));
    sdq.setValue(new Quantity().setValue(5 + r.nextInt(25)).setUnit("punten"));
    sdq.addNote().setText("Toelichting bij de score.");
    tag(sdq, "observations");
    out.add(sdq);

    if (!GGZ.equals(source) && child.index() % 20 >= 4 && child.index() % 20 <= 17) {
      Observation school = new Observation();
      school.setId("edu-" + k);
      school.setStatus(Observation.ObservationStatus.FINAL);
      school.setSubject(subject);
      school.setCode(new CodeableConcept().setText("Schoolaanwezigheid afgelopen periode"));
      school.setValue(
          new StringType(
              pick(r, new String[] {"Regelmatig aanwezig", "Vaak te laat", "Verzuim 6 dagen"})));
      tag(school, "education");
      out.add(school);
    }

    if ((WIJKTEAM.equals(source) || GI.equals(source)) && child.index() % 5 == 0) {
      Flag flag = new Flag();
      flag.setId("flag-" + k);
      flag.setStatus(Flag.FlagStatus.ACTIVE);
      flag.setSubject(subject);
      flag.setCode(new CodeableConcept().setText("Zorgen over de veiligheid thuis"));
      flag.setPeriod(new Period().setStart(date(ref.minusDays(20 + r.nextInt(100)))));
      secret(flag);
      tag(flag, "safety");
      out.add(flag);
    }

    if (WIJKTEAM.equals(source)
        && child.index() % 20 < 12
        && !child.adults().isEmpty()
        && child.index() % 3 == 0) {
      out.add(recording(child, subject, ref, r, k));
    }
    return out;
  }

  private static DocumentReference recording(
      DemoChild child, Reference subject, LocalDate ref, Random r, String k) {
    DocumentReference rec = new DocumentReference();
    rec.setId("rec-" + k);
    rec.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
    rec.setSubject(subject);
    rec.setType(
        new CodeableConcept(
            new Coding(Vocabulary.RECORDING_KIND, "video-home-training", "Video-hometraining")));
    rec.setDate(date(ref.minusDays(3 + r.nextInt(30))));
    rec.setDescription("Opname thuis: samen spelen aan tafel");
    rec.addAuthor().setDisplay("Femke Mulder (video-hometrainer)");
    String hash = video(rec, k, "synthetic video " + k);
    DemoAdult owner = child.adults().get(0);
    boolean tampered = child.index() == 9;
    Extension metadata = new Extension(Profiles.RECORDING_METADATA);
    metadata.addExtension("owner", new Reference("RelatedPerson/" + owner.id()));
    metadata.addExtension("maker", new StringType("femke"));
    metadata.addExtension("depicted-family", new StringType("family-" + patientId(child)));
    metadata.addExtension("registered-hash", new StringType(hash));
    metadata.addExtension(
        "current-hash",
        new StringType(tampered ? sha256("edited".getBytes(StandardCharsets.UTF_8)) : hash));
    metadata.addExtension("edit-announced", new BooleanType(false));
    metadata.addExtension("trajectory-end", new DateType(date(ref.plusMonths(3))));
    rec.addExtension(metadata);
    rec.getMeta().addProfile(Profiles.RECORDING);
    secret(rec);
    tag(rec, "recordings");
    return rec;
  }

  /**
   * What the school holds (V7): the pupil, their legal representation, and one classroom recording
   * made by the teacher coach only to coach the teacher (owner: the coach, V1; no parental consent
   * needed, never shared outside the school).
   */
  private static List<Resource> classroom(DemoChild child, LocalDate ref) {
    List<Resource> out = new ArrayList<>();
    String pid = patientId(child);
    out.add(youth(child, pid));
    out.addAll(family(child, pid));
    String k = SCHOOL + "-" + pid;
    DocumentReference rec = new DocumentReference();
    rec.setId("rec-" + k);
    rec.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
    rec.setSubject(new Reference("Patient/" + pid).setDisplay(child.name()));
    rec.setType(
        new CodeableConcept(
            new Coding(Vocabulary.RECORDING_KIND, "classroom", "Opname in de klas")));
    rec.setDate(date(ref.minusDays(7)));
    rec.setDescription("Opname in de klas: instructie rekenen in groep 3");
    rec.addAuthor().setDisplay("Tessa de Leeuw (coach van leerkrachten)");
    String hash = video(rec, k, "synthetic classroom video " + k);
    Extension metadata = new Extension(Profiles.RECORDING_METADATA);
    metadata.addExtension("owner", new Reference("Practitioner/" + TEACHER_COACH));
    metadata.addExtension("maker", new StringType(TEACHER_COACH));
    metadata.addExtension("registered-hash", new StringType(hash));
    metadata.addExtension("current-hash", new StringType(hash));
    metadata.addExtension("edit-announced", new BooleanType(false));
    metadata.addExtension("trajectory-end", new DateType(date(ref.plusMonths(2))));
    rec.addExtension(metadata);
    rec.getMeta().addProfile(Profiles.RECORDING);
    tag(rec, "recordings");
    out.add(rec);
    return out;
  }

  /** The youth as a source holds them: BSN, name, gender, birth date (category identification). */
  private static Patient youth(DemoChild child, String pid) {
    Patient patient = new Patient();
    patient.setId(pid);
    patient.getMeta().addProfile(Profiles.YOUTH);
    patient.addIdentifier(new Identifier().setSystem(Vocabulary.BSN).setValue(child.bsn()));
    patient.addName(new HumanName().setFamily(child.familyName()).addGiven(child.givenName()));
    patient.setGender(Enumerations.AdministrativeGender.fromCode(child.gender()));
    patient.setBirthDateElement(new DateType(date(child.birthDate())));
    tag(patient, "identification");
    return patient;
  }

  /** The youth's legal representation: one RelatedPerson per adult, with role and e-mail. */
  private static List<RelatedPerson> family(DemoChild child, String pid) {
    List<RelatedPerson> out = new ArrayList<>();
    for (DemoAdult adult : child.adults()) {
      RelatedPerson rp = new RelatedPerson(new Reference("Patient/" + pid));
      rp.setId(adult.id());
      rp.addRelationship(
          new CodeableConcept()
              .addCoding(new Coding(ROLE_CODE_SYSTEM, adult.familyRole(), null))
              .addCoding(new Coding(Vocabulary.LEGAL_ROLE, adult.legalRole(), null)));
      rp.addName(new HumanName().setFamily(adult.familyName()).addGiven(adult.givenName()));
      rp.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(adult.email());
      tag(rp, "legal-representation");
      out.add(rp);
    }
    return out;
  }

  /** Attaches the synthetic video {@code content} as recording {@code k}; returns its SHA-256. */
  private static String video(DocumentReference rec, String k, String content) {
    byte[] video = content.getBytes(StandardCharsets.UTF_8);
    String hash = sha256(video);
    rec.addContent()
        .setAttachment(
            new Attachment()
                .setContentType("video/mp4")
                .setUrl("urn:jeugdpoort:recording:" + k)
                .setHash(HexFormat.of().parseHex(hash))
                .setSize(video.length));
    return hash;
  }

  private static void tag(Resource resource, String category) {
    resource.getMeta().addTag(Vocabulary.DATA_CATEGORY, category, null);
  }

  private static void secret(Resource resource) {
    resource
        .getMeta()
        .addSecurity(Vocabulary.SECURITY_LABEL, Vocabulary.PROFESSIONAL_SECRECY, "Beroepsgeheim");
  }

  private static Date date(LocalDate d) {
    return Date.from(d.atStartOfDay().toInstant(ZoneOffset.UTC));
  }

  private static String mail(String prefix, String who) {
    return who + "." + prefix + "@gezin.example";
  }

  private static String pick(Random r, String[] options) {
    return options[r.nextInt(options.length)];
  }

  private static String nextBsn(Random random, Set<String> taken) {
    while (true) {
      String first = String.format("%08d", 10_000_000 + random.nextInt(89_999_999));
      int check = Bsn.checkDigit(first);
      String bsn = first + check;
      if (check >= 0 && Bsn.isValid(bsn) && taken.add(bsn)) {
        return bsn;
      }
    }
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
