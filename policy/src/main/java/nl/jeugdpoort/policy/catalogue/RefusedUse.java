package nl.jeugdpoort.policy.catalogue;

/**
 * A use of data that a requester can name but that is never a purpose — so that asking for it is
 * refused on its own rule, not as an unknown code. {@code dispute-evidence}: a recording as
 * evidence in a dispute between family members or colleagues (V4).
 *
 * @param code the code, in the purpose code system next to the purposes
 * @param display Dutch name
 * @param definition Dutch description
 * @param ruleId the rule that refuses it
 */
public record RefusedUse(String code, String display, String definition, String ruleId) {}
