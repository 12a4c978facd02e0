package nl.jeugdpoort.policy.consent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.jeugdpoort.policy.DataRequest;
import nl.jeugdpoort.policy.Facts;
import nl.jeugdpoort.policy.Person;
import nl.jeugdpoort.policy.consent.ConsentRules.ConsentCheck;

/**
 * The consent checks (C1, C2) of one decision, each category evaluated once: objections (O4),
 * secrecy (S1) and recordings (V2, V8) all ask the same question. Lives for one call of {@code
 * decide}.
 */
public final class ConsentChecks {
  private final DataRequest request;
  private final Facts facts;
  private final Map<String, ConsentCheck> byCategory = new HashMap<>();
  private List<Person> required;

  public ConsentChecks(DataRequest request, Facts facts) {
    this.request = request;
    this.facts = facts;
  }

  /**
   * Valid consent of everyone who must consent, for this recipient, purpose and {@code category}.
   */
  public ConsentCheck forCategory(String category) {
    ConsentCheck check = byCategory.get(category);
    if (check == null) {
      if (required == null) {
        required = ConsentRules.whoMustConsent(facts.youth(), facts.today());
      }
      check = ConsentRules.check(request, facts, category, required);
      byCategory.put(category, check);
    }
    return check;
  }
}
