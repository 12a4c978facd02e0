package nl.jeugdpoort.gateway.security;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMART on FHIR system scopes: {@code system/Task.cruds} (SMART v2) and {@code system/Task.read},
 * {@code .write}, {@code .*} (SMART v1), with {@code *} for every resource type. A scope grants
 * operations by their letter: c(reate), r(ead), u(pdate), d(elete), s(earch).
 */
public final class SmartScopes {
  private static final Pattern SCOPE =
      Pattern.compile("system/([A-Z][A-Za-z]{0,63}|\\*)\\.(read|write|\\*|c?r?u?d?s?)");

  private record Grant(String resourceType, String letters) {}

  private final List<Grant> grants;
  private final Set<String> texts;

  private SmartScopes(List<Grant> grants, Set<String> texts) {
    this.grants = grants;
    this.texts = texts;
  }

  /**
   * Parses a space-separated scope string; throws {@link IllegalArgumentException} naming a
   * malformed scope.
   */
  public static SmartScopes parse(String scopes) {
    List<Grant> grants = new ArrayList<>();
    Set<String> texts = new LinkedHashSet<>();
    for (String scope : scopes == null ? new String[0] : scopes.trim().split("\\s+")) {
      if (scope.isEmpty()) {
        continue;
      }
      Matcher m = SCOPE.matcher(scope);
      if (!m.matches() || m.group(2).isEmpty()) {
        throw new IllegalArgumentException(
            "'"
                + SecurityAudit.printable(scope)
                + "' is not a system scope such as system/Task.cruds or system/Task.read");
      }
      String letters =
          switch (m.group(2)) {
            case "read" -> "rs";
            case "write" -> "cud";
            case "*" -> "cruds";
            default -> m.group(2);
          };
      grants.add(new Grant(m.group(1), letters));
      texts.add(scope);
    }
    return new SmartScopes(grants, texts);
  }

  public static SmartScopes of(Set<String> scopes) {
    return parse(String.join(" ", scopes));
  }

  /** Whether these scopes allow {@code operation} (c, r, u, d or s) on {@code resourceType}. */
  public boolean permits(String resourceType, char operation) {
    for (Grant g : grants) {
      if ((g.resourceType().equals("*") || g.resourceType().equals(resourceType))
          && g.letters().indexOf(operation) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** Whether every grant of {@code requested} is also granted by these scopes. */
  public List<String> notCovering(SmartScopes requested) {
    List<String> missing = new ArrayList<>();
    for (String text : requested.texts) {
      Grant g = SmartScopes.parse(text).grants.get(0);
      for (char op : g.letters().toCharArray()) {
        boolean covered =
            g.resourceType().equals("*")
                ? grants.stream()
                    .anyMatch(
                        own -> own.resourceType().equals("*") && own.letters().indexOf(op) >= 0)
                : permits(g.resourceType(), op);
        if (!covered) {
          missing.add(text);
          break;
        }
      }
    }
    return missing;
  }

  public Set<String> texts() {
    return texts;
  }

  public boolean isEmpty() {
    return texts.isEmpty();
  }

  @Override
  public String toString() {
    return String.join(" ", texts);
  }
}
