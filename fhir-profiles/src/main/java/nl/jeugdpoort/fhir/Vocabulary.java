package nl.jeugdpoort.fhir;

/** Canonical URLs of Jeugdpoort's FHIR vocabulary (base {@value #BASE}). */
public final class Vocabulary {
  /** Canonical base of everything Jeugdpoort defines. */
  public static final String BASE = "https://jeugdpoort.nl/fhir";

  /** The youth's BSN (Dutch nl-core naming system). */
  public static final String BSN = "http://fhir.nl/fhir/NamingSystem/bsn";

  /** Organisations by their Jeugdpoort id. */
  public static final String ORGANISATION = BASE + "/NamingSystem/organisation";

  /** Accounts (professionals, family members) by username. */
  public static final String ACCOUNT = BASE + "/NamingSystem/account";

  /** Data categories (P2); also the tag a source puts on each item. */
  public static final String DATA_CATEGORY = BASE + "/CodeSystem/data-category";

  /** Purposes (P1), from the purpose catalogue. */
  public static final String PURPOSE = BASE + "/CodeSystem/purpose";

  /** Legal bases (P3). */
  public static final String LEGAL_BASIS = BASE + "/CodeSystem/legal-basis";

  /** Requester roles (P3). */
  public static final String REQUESTER_ROLE = BASE + "/CodeSystem/requester-role";

  /** Rule ids of RULES.md, used as reasons. */
  public static final String RULE = BASE + "/CodeSystem/rule";

  /** Security labels of our own: professional secrecy (S1). */
  public static final String SECURITY_LABEL = BASE + "/CodeSystem/security-label";

  public static final String PROFESSIONAL_SECRECY = "professional-secrecy";

  /** Legal roles of adults around the youth: authority-holder, court-guardian, curator, mentor. */
  public static final String LEGAL_ROLE = BASE + "/CodeSystem/legal-role";

  /** Kinds of recording (V rules). */
  public static final String RECORDING_KIND = BASE + "/CodeSystem/recording-kind";

  /** Task input and output types of a data request. */
  public static final String TASK_PARAMETER = BASE + "/CodeSystem/task-parameter";

  /** Business statuses of a data request. */
  public static final String REQUEST_STATUS = BASE + "/CodeSystem/request-status";

  /** The Task.code of a data request. */
  public static final String TASK_CODE = BASE + "/CodeSystem/task-code";

  /** Prefix of Jeugdpoort's extensions. */
  public static final String EXTENSION = BASE + "/StructureDefinition/";

  private Vocabulary() {}
}
