package nl.jeugdpoort.policy;

import java.util.Arrays;
import java.util.Optional;

/** The legal bases a purpose may allow (rule P3). Codes match the legal-basis CodeSystem. */
public enum LegalBasis {
  CONSENT("consent", "toestemming"),
  LEGAL_DUTY("legal-duty", "wettelijke plicht"),
  COMPELLING_INTEREST("compelling-interest", "zwaarwegend belang");

  private final String code;
  private final String dutch;

  LegalBasis(String code, String dutch) {
    this.code = code;
    this.dutch = dutch;
  }

  public String code() {
    return code;
  }

  /** The plain-Dutch name used in texts for families. */
  public String dutch() {
    return dutch;
  }

  /**
   * True for the bases that may override an objection or secrecy with a written motivation (O2,
   * S1).
   */
  public boolean isOverriding() {
    return this != CONSENT;
  }

  public static Optional<LegalBasis> fromCode(String code) {
    return Arrays.stream(values()).filter(b -> b.code.equals(code)).findFirst();
  }
}
