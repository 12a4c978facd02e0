package nl.jeugdpoort.policy;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The parameters of a {@link Reason} or {@link Suggestion}: checked against the key's declared
 * names.
 */
final class Params {
  private Params() {}

  /**
   * "name", value, "name", value …; null values are left out (an optional parameter that is
   * absent).
   */
  static Map<String, Object> of(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values come in pairs");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        out.put((String) namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return out;
  }

  /** An unmodifiable copy; every required name present, no undeclared name. */
  static Map<String, Object> checked(
      String key, List<String> declared, Map<String, Object> params) {
    Map<String, Object> copy = Map.copyOf(Objects.requireNonNull(params, "params"));
    Set<String> names = new HashSet<>();
    for (String d : declared) {
      String name = d.endsWith("?") ? d.substring(0, d.length() - 1) : d;
      names.add(name);
      if (!d.endsWith("?") && !copy.containsKey(name)) {
        throw new IllegalArgumentException(key + " needs parameter '" + name + "'");
      }
    }
    for (String name : copy.keySet()) {
      if (!names.contains(name)) {
        throw new IllegalArgumentException(key + " has no parameter '" + name + "'");
      }
    }
    return copy;
  }
}
