package nl.jeugdpoort.policy;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One person's consent (rule C1): specific to a purpose, a recipient organisation and categories;
 * informed (the information-text version is recorded); given by an active act; with a start and an
 * optional end; withdrawable (rule C3).
 *
 * @param id the record id, named in the decision that it decided (rule O4)
 * @param givenBy the person id of who consented (the youth, an authority holder or the
 *     representative)
 * @param recipientOrganisationId the organisation that may receive the data
 * @param purpose the purpose code
 * @param categories the categories covered
 * @param informationVersion the version of the information text shown; blank means not informed
 * @param act how the consent was expressed
 * @param start first moment the consent counts
 * @param end last moment the consent counts, or null
 * @param withdrawnAt when it was withdrawn, or null
 */
public record ConsentRecord(
    String id,
    String givenBy,
    String recipientOrganisationId,
    String purpose,
    Set<String> categories,
    String informationVersion,
    Act act,
    Instant start,
    Instant end,
    Instant withdrawnAt) {

  public ConsentRecord {
    Objects.requireNonNull(id, "id");
    categories = categories == null ? Set.of() : Set.copyOf(categories);
  }

  /** How consent was expressed; only an active act or a signed form is unambiguous (C1). */
  public enum Act {
    AUTHENTICATED_ACT,
    SIGNED_FORM,
    PRE_TICKED_BOX
  }
}
