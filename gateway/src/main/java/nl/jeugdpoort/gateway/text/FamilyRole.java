package nl.jeugdpoort.gateway.text;

import java.util.Collection;
import nl.jeugdpoort.policy.Person;

/**
 * A person's role as the family says it: "moeder", "vader", "ouder", "voogd", "curator", "mentor" —
 * or the youth themself. Derived from the source's RelatedPerson codes (v3-RoleCode {@code MTH},
 * {@code FTH} … and the legal role), falling back to the policy's {@link Person.Relation}.
 */
public enum FamilyRole {
  YOUTH("jongere"),
  MOTHER("moeder"),
  FATHER("vader"),
  PARENT("ouder"),
  GUARDIAN("voogd"),
  CURATOR("curator"),
  MENTOR("mentor"),
  REPRESENTATIVE("vertegenwoordiger");

  private final String word;

  FamilyRole(String word) {
    this.word = word;
  }

  /** "moeder". */
  public String word() {
    return word;
  }

  /** "de moeder van Thijs"; for the youth: the first name itself. */
  public String of(String childFirstName) {
    return this == YOUTH ? childFirstName : "de " + word + " van " + childFirstName;
  }

  /**
   * True for a parent or guardian with authority (gezag), false for the youth and a representative.
   */
  public boolean isParent() {
    return this == MOTHER || this == FATHER || this == PARENT || this == GUARDIAN;
  }

  /**
   * The role from the codes a source gives a RelatedPerson: v3-RoleCode relationship codes (MTH,
   * NMTH, FTH, NFTH, PRN, GUARD, …) and the legal role (authority-holder, court-guardian, curator,
   * mentor). Unknown codes fall back on the relation.
   */
  public static FamilyRole fromCodes(Collection<String> codes, Person.Relation relation) {
    if (relation == Person.Relation.YOUTH) {
      return YOUTH;
    }
    if (codes != null) {
      if (codes.contains("curator")) {
        return CURATOR;
      }
      if (codes.contains("mentor")) {
        return MENTOR;
      }
      if (codes.contains("MTH")
          || codes.contains("NMTH")
          || codes.contains("STPMTH")
          || codes.contains("ADOPTM")) {
        return MOTHER;
      }
      if (codes.contains("FTH")
          || codes.contains("NFTH")
          || codes.contains("STPFTH")
          || codes.contains("ADOPTF")) {
        return FATHER;
      }
      if (codes.contains("court-guardian") || codes.contains("GUARD")) {
        return GUARDIAN;
      }
    }
    return of(relation);
  }

  /** The fallback when only the policy's relation is known. */
  public static FamilyRole of(Person.Relation relation) {
    if (relation == null) {
      return PARENT;
    }
    return switch (relation) {
      case YOUTH -> YOUTH;
      case AUTHORITY_HOLDER -> PARENT;
      case REPRESENTATIVE -> REPRESENTATIVE;
    };
  }
}
