package nl.jeugdpoort.gateway.demo;

import java.time.LocalDate;
import java.util.List;

/**
 * One synthetic child and the people around them.
 *
 * @param index position in the generated list (stable for a seed)
 * @param bsn a BSN passing the elfproef
 * @param givenName first name
 * @param familyName family name
 * @param gender FHIR administrative gender code
 * @param birthDate date of birth
 * @param adults authority holders, a court-appointed guardian or a representative
 * @param sources the organisations that hold records about the child
 * @param sourceRefusesSharing true when the youth-mental-health source refuses on its own grounds
 *     (P6)
 */
public record DemoChild(
    int index,
    String bsn,
    String givenName,
    String familyName,
    String gender,
    LocalDate birthDate,
    List<DemoAdult> adults,
    List<String> sources,
    boolean sourceRefusesSharing) {

  /** An adult around the child. */
  public record DemoAdult(
      String id,
      String givenName,
      String familyName,
      String familyRole,
      String legalRole,
      String email) {}

  public String name() {
    return givenName + " " + familyName;
  }
}
