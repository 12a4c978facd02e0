package nl.jeugdpoort.gateway.onboarding;

import java.util.List;

/**
 * Input that cannot be accepted, with every reason at once ("name: …; kind: …"). The fronts answer
 * it with a 4xx: {@link #status()} is 422 for invalid values, 404 for an unknown id, 409 for a
 * conflict with what is stored, 403 for an act outside the caller's organisation.
 */
public class Problems extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final List<String> problems;

  public Problems(int status, List<String> problems) {
    super(String.join("; ", problems));
    this.status = status;
    this.problems = List.copyOf(problems);
  }

  public static Problems invalid(List<String> problems) {
    return new Problems(422, problems);
  }

  public static Problems notFound(String what) {
    return new Problems(404, List.of(what));
  }

  public static Problems conflict(String what) {
    return new Problems(409, List.of(what));
  }

  public static Problems forbidden(String what) {
    return new Problems(403, List.of(what));
  }

  public int status() {
    return status;
  }

  public List<String> problems() {
    return problems;
  }
}
