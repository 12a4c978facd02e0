package nl.jeugdpoort.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every reason the policy can give, as a stable message key with its parameters — no finished
 * sentences: the gateway words each key per audience (family, professional, auditor) from its
 * templates ({@code gateway/src/main/resources/text/reasons/}). The key's {@link #code()} is what
 * is stored.
 *
 * <p>Parameter types: person lists are {@code List<Person>} (id, relation, name); categories,
 * purposes, bases, roles and organisations are their codes ({@code String} or {@code
 * List<String>}); record and item ids are {@code String} / {@code List<String>}; days are {@link
 * java.time.LocalDate}, moments {@link java.time.Instant}; counts {@code Integer}; flags {@code
 * Boolean}; durations in whole hours ({@code Long}). A name ending in {@code ?} is optional (absent
 * rather than null). The table of every key with its rule, effect and parameters is {@code
 * docs/reasons.md}.
 */
public enum ReasonKey {
  // C5 — identity
  /** C5 DENY: the BSN fails the elfproef. */
  BSN_INVALID,
  /** C5 DENY: the source does not know a youth with this BSN. */
  YOUTH_UNKNOWN,

  // P1 — purpose
  /** P1 DENY: no purpose named. */
  PURPOSE_MISSING,
  /** P1 DENY: the purpose is not in the catalogue. {@code purpose}: the code as given. */
  PURPOSE_UNKNOWN("purpose"),
  /**
   * V4 DENY: the stated use is one the catalogue refuses (evidence in a dispute). {@code use}: its
   * code.
   */
  REFUSED_USE("use"),
  /** P1 DENY: no explanation given. */
  EXPLANATION_MISSING("purpose"),
  /** P1 PERMIT: a known purpose with an explanation. */
  PURPOSE_STATED("purpose"),

  // P3 — entitlement
  /** P3 DENY: the requester's role is not entitled to the purpose. */
  ROLE_NOT_ENTITLED("role", "purpose"),
  /**
   * P3 DENY: the legal basis is absent or not allowed for the purpose. {@code allowed}: the
   * purpose's bases.
   */
  BASIS_NOT_ALLOWED("basis?", "purpose", "allowed"),
  /** P3 PERMIT: role and basis are allowed. */
  ENTITLED("role", "basis", "purpose"),

  // P2 — minimisation
  /** P2 DENY: no category named. */
  CATEGORIES_MISSING,
  /** P2 WITHHOLD: a category outside the purpose is left out. */
  CATEGORY_OUTSIDE_PURPOSE("category", "purpose"),
  /**
   * P2 DENY: none of the requested categories belongs to the purpose. {@code allowed}: the
   * purpose's categories.
   */
  NO_CATEGORY_IN_PURPOSE("purpose", "allowed"),

  // V7
  /** V7 DENY: an internal-only purpose requested by another organisation than the source. */
  INTERNAL_ONLY("purpose", "organisation"),

  // O1, O2, O4 — objections
  /** O1 WITHHOLD: an active objection matches; {@code by}: who lodged it (when known). */
  OBJECTION_STANDS("category", "objection", "by"),
  /**
   * O4 WITHHOLD: a person's objection outweighs that same person's own consent (later, or the same
   * moment and at least as specific).
   */
  OBJECTION_OUTWEIGHS_OWN_CONSENT("category", "objection", "consent", "by"),
  /** O4 PERMIT: objections outweighed by the same persons' later or more specific consents. */
  CONSENT_OUTWEIGHS_OBJECTION("category", "objections", "consents", "by"),
  /**
   * O2 PERMIT: objections set aside on a legal duty or compelling interest with a written
   * motivation.
   */
  OBJECTION_OVERRIDDEN("category", "objections", "by", "basis"),
  /** O2 WITHHOLD: the basis could override the objection, but no written motivation was given. */
  OVERRIDE_NEEDS_MOTIVATION("category", "objection", "by", "basis"),

  // C2 — consent
  /** C2 PERMIT: everyone who must consent has. {@code consents}: the deciding consent ids. */
  CONSENT_COMPLETE("category", "consents", "by"),
  /** C2 WITHHOLD: nobody who can consent is known (no authority holder recorded): fail closed. */
  NOBODY_CAN_CONSENT("category"),
  /** C2 WITHHOLD: consent missing from {@code missing}; {@code by}: those who did consent. */
  CONSENT_MISSING("category", "missing", "by"),

  /**
   * C2, O1, O2 or O4 DENY: every requested category was left out; the rule id says why. {@code
   * categories}: those left out; {@code missing} (C2): whose consent is missing.
   */
  NOTHING_LEFT("categories", "missing?"),

  // P5 — repeat
  /** P5 PERMIT: an identical earlier release answers the request. */
  PRIOR_RELEASE("release", "releasedAt"),
  /** S1 or V* WITHHOLD: items the earlier release withheld stay withheld in the repeat (P5). */
  PRIOR_WITHHELD("release", "count", "items", "categories"),

  // S1 — professional secrecy
  /** S1 WITHHOLD: secrecy items without consent and without a motivated duty or interest. */
  SECRECY_WITHHELD("count", "items", "categories"),
  /** S1 PERMIT: secrecy items released on consent or on a motivated {@code basis}. */
  SECRECY_RELEASED("basis?", "categories"),

  // V — recordings
  /** V6 WITHHOLD: the recording's hash differs and no edit was announced. */
  RECORDING_ALTERED("item"),
  /** V5 WITHHOLD: the recording's trajectory ended on {@code ended}. */
  RECORDING_TRAJECTORY_ENDED("item", "ended"),
  /** V8 WITHHOLD: a conversation recording without the consent of all parties. */
  CONVERSATION_WITHOUT_CONSENT("item"),
  /**
   * V2 WITHHOLD: a recording asked by someone other than its maker, without the owner's consent.
   */
  RECORDING_NOT_MAKER("item"),
  /**
   * V3 OBLIGATION: the released recording {@code item} is shown outside the closed setting only
   * with the written consent of its owner and of every depicted family; a montage names children by
   * first name (and age), parents by role and first name.
   */
  RECORDING_NO_SHOWING("item"),

  // N — notices
  /** N1 DENY: nobody is known who can be notified first. */
  NO_NOTICE_RECIPIENT,
  /** N1 HOLD: the notice goes first; {@code recipients}: who is told. */
  NOTICE_FIRST("recipients"),
  /** N1 PERMIT: the notice was delivered at {@code deliveredAt}. */
  NOTICE_DELIVERED("deliveredAt"),
  /** N2 OBLIGATION: the purpose never allows notice afterwards; the notice comes first. */
  NOTICE_AFTER_NOT_ALLOWED("purpose"),
  /**
   * N2 OBLIGATION: notice afterwards on a written motivation, at the latest {@code deadline};
   * reviewed.
   */
  NOTICE_DELAYED("deadline", "recipients"),
  /** N3 HOLD: held for the objection window until {@code until} ({@code hours} long). */
  OBJECTION_WINDOW("until", "hours"),

  // P4, E1
  /** P4 OBLIGATION: the release's labels. */
  LABELS("purposeOfUse", "confidentiality", "deleteAfterUse"),
  /**
   * E1 OBLIGATION: kept until {@code until} ({@code days} of retention for the purpose), then
   * erased.
   */
  RETENTION("until", "days", "purpose"),

  /**
   * Any rule, DENY: the rule could not be evaluated (facts missing); fail closed. {@code error}:
   * the kind.
   */
  CANNOT_EVALUATE("error"),

  // E2 — erasure duties (ErasureDuty)
  /** E1: the retention of {@code release} ended on {@code until}; the recipient must erase. */
  RETENTION_ENDED("release", "until"),
  /**
   * C3: {@code consent} was withdrawn at {@code withdrawnAt}; the recipient must erase {@code
   * release}.
   */
  CONSENT_WITHDRAWN("release", "consent", "withdrawnAt"),

  // Family checks (FamilyRules)
  /** F2 DENY: not the family of this youth. */
  OTHER_FAMILY,
  /** F2 DENY: the account is not linked to a youth (gateway). */
  ACCOUNT_UNLINKED,
  /** F3 DENY: the youth is 16 or older and has not let the authority holders see. */
  YOUTH_KEEPS_VIEW("age"),
  /** F1 PERMIT: the viewer sees the disclosures about this youth. */
  MAY_SEE,
  /**
   * O1 DENY: the actor cannot object for this youth; {@code deciders}: who can (empty: nobody
   * known).
   */
  MAY_NOT_OBJECT("age", "deciders"),
  /** O1 PERMIT: the actor may lodge an objection. */
  MAY_OBJECT,
  /**
   * C2 DENY: the actor's consent does not count; {@code deciders}: whose does (empty: nobody
   * known).
   */
  CONSENT_DOES_NOT_COUNT("age", "deciders"),
  /** C2 PERMIT: the actor's consent counts. */
  CONSENT_COUNTS("age"),
  /** F3 DENY: only the youth of 16 or older decides whether the parents see. */
  ONLY_YOUTH_DECIDES_VIEW,
  /** F3 PERMIT: the youth decides. */
  YOUTH_DECIDES_VIEW("age"),
  /** O3 DENY: only who lodged it (or the youth of 16+) can withdraw {@code objection}. */
  MAY_NOT_WITHDRAW_OBJECTION("objection"),
  /** O3 PERMIT: the actor may withdraw {@code objection}. */
  MAY_WITHDRAW_OBJECTION("objection"),
  /** C3 DENY: only who gave {@code consent} can withdraw it (gateway). */
  MAY_NOT_WITHDRAW_CONSENT("consent"),
  /** C3 PERMIT: the actor gave {@code consent} and can withdraw it (gateway). */
  MAY_WITHDRAW_CONSENT("consent"),
  /** C3 or O3 DENY: {@code record} is already withdrawn (gateway). */
  ALREADY_WITHDRAWN("record");

  private final List<String> params;

  ReasonKey(String... params) {
    this.params = List.of(params);
  }

  /** The stored, stable form: {@code CONSENT_MISSING} → {@code consent-missing}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The parameter names; a name ending in {@code ?} is optional. */
  public List<String> params() {
    return params;
  }

  public static Optional<ReasonKey> fromCode(String code) {
    return Arrays.stream(values()).filter(k -> k.code().equals(code)).findFirst();
  }
}
