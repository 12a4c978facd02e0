package nl.jeugdpoort.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a requester can do instead when data cannot be shared (rule P6), as a key with parameters;
 * the gateway words it ({@code gateway/src/main/resources/text/reasons/}).
 */
public record Suggestion(Key key, Map<String, Object> params) {
  public Suggestion {
    params = Params.checked(key.name(), key.params, params);
  }

  public static Suggestion of(Key key, Object... namesAndValues) {
    return new Suggestion(key, Params.of(namesAndValues));
  }

  /** The suggestions, with their parameters (codes as strings or lists of strings). */
  public enum Key {
    /** Check the youth's BSN. */
    CHECK_BSN,
    /** Check the BSN or contact the source professional. */
    CHECK_BSN_OR_CONTACT_SOURCE,
    /** Contact the professional at the source. */
    CONTACT_SOURCE,
    /** Resubmit with a purpose from the catalogue and an explanation. */
    RESUBMIT_WITH_PURPOSE,
    /** Choose a purpose from the catalogue. */
    CHOOSE_CATALOGUE_PURPOSE,
    /**
     * V4: recordings are not evidence in a dispute; talk with the family or the professional
     * instead.
     */
    NO_EVIDENCE_USE,
    /** Explain why the data is needed for this purpose. */
    EXPLAIN_NEED,
    /** Let a professional with a role of this purpose ask. */
    ROLE_FOR_PURPOSE,
    /** Choose a basis of this purpose: {@code allowed}. */
    BASIS_FOR_PURPOSE("allowed"),
    /** Name the categories needed. */
    NAME_CATEGORIES,
    /** Ask only for the purpose's categories: {@code allowed}. */
    CATEGORIES_OF_PURPOSE("allowed"),
    /** Watch the recording at the school itself. */
    VIEW_AT_SCHOOL,
    /**
     * Discuss the objection with the family; without a legal duty or compelling interest it stands.
     */
    DISCUSS_OBJECTION,
    /**
     * A written motivation can be given to override the objection (O2), reviewed by the privacy
     * officer.
     */
    GIVE_MOTIVATION,
    /** Establish who holds parental authority and ask them for consent. */
    ESTABLISH_AUTHORITY,
    /** Ask {@code missing} (List&lt;Person&gt;) for consent through Jeugdpoort. */
    ASK_CONSENT("missing"),
    /** Contact the source professional or ask the family for consent. */
    CONTACT_SOURCE_OR_ASK_CONSENT,
    /** Ask for the original recording, or an edited version announced as such. */
    ORIGINAL_RECORDING,
    /** Discuss with the family whether a new trajectory with new recordings is needed. */
    NEW_TRAJECTORY,
    /** Ask every party to the conversation for consent. */
    ASK_ALL_PARTIES,
    /** Ask the recording's owner for consent. */
    ASK_OWNER,
    /** Establish who holds parental authority (a notice must go first). */
    ESTABLISH_NOTICE_RECIPIENT;

    private final List<String> params;

    Key(String... params) {
      this.params = List.of(params);
    }

    public String code() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public List<String> params() {
      return params;
    }

    public static Optional<Key> fromCode(String code) {
      return Arrays.stream(values()).filter(k -> k.code().equals(code)).findFirst();
    }
  }
}
