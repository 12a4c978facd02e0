package nl.jeugdpoort.gateway.portal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.FamilyAccess;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import nl.jeugdpoort.gateway.text.ReasonTexts;
import nl.jeugdpoort.policy.family.FamilyRules;

/**
 * The one access check of the family's pages about one request (the copy, F4; the disclosure
 * receipt, #20.4): the request must be on the family member's own timeline (F2: their own youth; a
 * request whose notice comes afterwards, N2, only once that notice went out) and the member must be
 * allowed to see the youth's disclosures (F3). Every refusal is audited.
 */
@ApplicationScoped
public class FamilyRequests {
  @Inject FamilyAccess family;
  @Inject FamilyTimeline timeline;
  @Inject SecurityAudit securityAudit;
  @Inject ReasonTexts texts;

  /**
   * The request {@code id} if {@code user}, a family member, may see it; else null, audited as a
   * refusal of {@code what} (e.g. "portal copy").
   */
  public DataRequestEntity visible(
      AuthenticatedUser user, String remoteAddress, String id, String what) {
    FamilyRules.Answer see = family.maySeeDisclosures(user);
    DataRequestEntity r =
        id == null || id.isEmpty() || id.length() > 36
            ? null
            : timeline.visibleRequest(user.youthBsn(), id);
    if (r == null || !see.allowed()) {
      securityAudit.refused(
          user,
          remoteAddress,
          what + " of request " + SecurityAudit.printable(id),
          see.allowed() ? "not a request the family can see (404)" : texts.auditor(see.reason()),
          List.of(see.allowed() ? "F2" : see.reason().ruleId()));
      return null;
    }
    return r;
  }
}
