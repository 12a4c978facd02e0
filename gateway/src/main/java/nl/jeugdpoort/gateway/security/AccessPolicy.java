package nl.jeugdpoort.gateway.security;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which kind of caller may perform which FHIR operation on which resource type — the role half of
 * the access matrix (the tenancy half, own organisation or own family, is checked by the providers
 * and answered 404). Deny by default: a resource type or operation not in the table is refused.
 *
 * <table>
 *   <caption>Operations per kind of caller</caption>
 *   <tr><th>Resource</th><th>professional / system</th><th>privacy officer</th><th>family member</th><th>administrator</th></tr>
 *   <tr><td>Task</td><td>create, read, search; update (only to complete an erasure request, E2)</td><td>read, search</td><td>–</td><td>–</td></tr>
 *   <tr><td>Bundle (release)</td><td>read</td><td>–</td><td>–</td><td>–</td></tr>
 *   <tr><td>Communication (notice)</td><td>read, search</td><td>read, search</td><td>–</td><td>–</td></tr>
 *   <tr><td>AuditEvent</td><td>search</td><td>search</td><td>–</td><td>–</td></tr>
 *   <tr><td>Consent</td><td>–</td><td>–</td><td>create, read, search, delete</td><td>–</td></tr>
 *   <tr><td>Subscription (issue #16.3)</td><td>create, read, search, delete (the organisation's own; {@code $status} is a read)</td><td>–</td><td>–</td><td>–</td></tr>
 *   <tr><td>DocumentReference (recording registry)</td><td>create, read, search (V2: only the maker, the holder's systems and the members of an allowed training session see one); update only as the operations {@code $request-permission} and {@code $end} ({@code $permissions} is a read)</td><td>–</td><td>–</td><td>–</td></tr>
 * </table>
 *
 * A system's access token must also carry a scope for the operation ({@link SmartScopes}). The
 * CapabilityStatement and the published CodeSystems are public and not in this table.
 */
public final class AccessPolicy {
  /** FHIR interactions, with their SMART scope letter. */
  public enum Operation {
    CREATE('c'),
    READ('r'),
    UPDATE('u'),
    DELETE('d'),
    SEARCH('s');

    private final char letter;

    Operation(char letter) {
      this.letter = letter;
    }

    public char letter() {
      return letter;
    }
  }

  /** The kinds of caller the table distinguishes. */
  public enum Kind {
    PROFESSIONAL,
    SYSTEM,
    PRIVACY_OFFICER,
    FAMILY_MEMBER,
    ADMINISTRATOR,
    UNKNOWN
  }

  /**
   * The answer: allowed, or refused with a reason fit for an OperationOutcome and the audit log.
   */
  public record Verdict(boolean allowed, String reason) {
    static final Verdict ALLOW = new Verdict(true, null);

    static Verdict refuse(String reason) {
      return new Verdict(false, reason);
    }
  }

  private static final Set<Operation> READ_SEARCH = EnumSet.of(Operation.READ, Operation.SEARCH);

  private static final Map<String, Map<Kind, Set<Operation>>> TABLE =
      Map.of(
          "Task",
              Map.of(
                  Kind.PROFESSIONAL,
                  EnumSet.of(Operation.CREATE, Operation.READ, Operation.SEARCH, Operation.UPDATE),
                  Kind.PRIVACY_OFFICER,
                  READ_SEARCH),
          "Bundle", Map.of(Kind.PROFESSIONAL, EnumSet.of(Operation.READ)),
          "Communication",
              Map.of(Kind.PROFESSIONAL, READ_SEARCH, Kind.PRIVACY_OFFICER, READ_SEARCH),
          "AuditEvent",
              Map.of(
                  Kind.PROFESSIONAL,
                  EnumSet.of(Operation.SEARCH),
                  Kind.PRIVACY_OFFICER,
                  EnumSet.of(Operation.SEARCH)),
          "Consent",
              Map.of(
                  Kind.FAMILY_MEMBER,
                  EnumSet.of(Operation.CREATE, Operation.READ, Operation.SEARCH, Operation.DELETE)),
          "DocumentReference",
              Map.of(
                  Kind.PROFESSIONAL,
                  EnumSet.of(Operation.CREATE, Operation.READ, Operation.SEARCH, Operation.UPDATE)),
          "Subscription",
              Map.of(
                  Kind.PROFESSIONAL,
                  EnumSet.of(
                      Operation.CREATE, Operation.READ, Operation.SEARCH, Operation.DELETE)));

  private final Set<String> professionalRoles;

  /**
   * @param professionalRoles the role codes of the purpose catalogue (the roles that may request
   *     data)
   */
  public AccessPolicy(Set<String> professionalRoles) {
    this.professionalRoles = Set.copyOf(professionalRoles);
  }

  public Kind kindOf(AuthenticatedUser user) {
    if (user.system()) {
      return user.organisationId() != null && professionalRoles.contains(user.role())
          ? Kind.SYSTEM
          : Kind.UNKNOWN;
    }
    return switch (user.role()) {
      case AuthenticatedUser.FAMILY_MEMBER ->
          user.youthBsn() != null ? Kind.FAMILY_MEMBER : Kind.UNKNOWN;
      case AuthenticatedUser.PRIVACY_OFFICER ->
          user.organisationId() != null ? Kind.PRIVACY_OFFICER : Kind.UNKNOWN;
      case AuthenticatedUser.ADMINISTRATOR -> Kind.ADMINISTRATOR;
      default ->
          user.organisationId() != null && professionalRoles.contains(user.role())
              ? Kind.PROFESSIONAL
              : Kind.UNKNOWN;
    };
  }

  public Verdict check(AuthenticatedUser user, String resourceType, Operation operation) {
    Kind kind = kindOf(user);
    Map<Kind, Set<Operation>> row = TABLE.getOrDefault(resourceType, Map.of());
    Set<Operation> allowed =
        row.getOrDefault(kind == Kind.SYSTEM ? Kind.PROFESSIONAL : kind, Set.of());
    if (!allowed.contains(operation)) {
      return Verdict.refuse(refusal(kind, resourceType, operation));
    }
    if (kind == Kind.SYSTEM
        && !SmartScopes.of(user.scopes()).permits(resourceType, operation.letter())) {
      return Verdict.refuse(
          "The access token has no scope for "
              + operation.name().toLowerCase()
              + " on "
              + resourceType
              + " (e.g. system/"
              + resourceType
              + "."
              + operation.letter()
              + "); scopes granted: "
              + String.join(" ", user.scopes()));
    }
    return Verdict.ALLOW;
  }

  private static String refusal(Kind kind, String resourceType, Operation operation) {
    String what = operation.name().toLowerCase() + " " + resourceType;
    return switch (kind) {
      case ADMINISTRATOR ->
          "Een beheerder beheert organisaties en sleutels en leest geen zorggegevens / "
              + "an administrator reads no care data ("
              + what
              + " refused).";
      case FAMILY_MEMBER ->
          "Als gezinslid ziet u wat er over uw kind is gedeeld in het portaal (/portal) / "
              + "family members use the portal ("
              + what
              + " refused).";
      case PRIVACY_OFFICER ->
          "Een privacyfunctionaris beoordeelt; hij vraagt geen gegevens op en ontvangt ze niet / "
              + "a privacy officer reviews, and neither requests nor receives data ("
              + what
              + " refused).";
      case UNKNOWN ->
          "Dit account heeft geen rol die toegang geeft / this account has no role that grants access ("
              + what
              + " refused).";
      default ->
          "Deze handeling is voor uw rol niet toegestaan / not allowed for this role ("
              + what
              + ").";
    };
  }
}
