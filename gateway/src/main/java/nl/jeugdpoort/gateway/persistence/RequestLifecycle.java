package nl.jeugdpoort.gateway.persistence;

import static nl.jeugdpoort.gateway.persistence.RequestStatus.AMBIGUOUS_YOUTH;
import static nl.jeugdpoort.gateway.persistence.RequestStatus.FETCHING;
import static nl.jeugdpoort.gateway.persistence.RequestStatus.HELD_OBJECTION_WINDOW;
import static nl.jeugdpoort.gateway.persistence.RequestStatus.PARTIALLY_RELEASED;
import static nl.jeugdpoort.gateway.persistence.RequestStatus.RECEIVED;
import static nl.jeugdpoort.gateway.persistence.RequestStatus.REFUSED;
import static nl.jeugdpoort.gateway.persistence.RequestStatus.RELEASED;
import static nl.jeugdpoort.gateway.persistence.RequestStatus.SOURCE_ACCESS_DENIED;
import static nl.jeugdpoort.gateway.persistence.RequestStatus.SOURCE_BAD_ANSWER;
import static nl.jeugdpoort.gateway.persistence.RequestStatus.SOURCE_REFUSED;
import static nl.jeugdpoort.gateway.persistence.RequestStatus.SOURCE_UNAVAILABLE;
import static nl.jeugdpoort.gateway.persistence.RequestStatus.SOURCE_UNSUPPORTED;
import static nl.jeugdpoort.gateway.persistence.RequestStatus.TECHNICAL_FAILURE;
import static nl.jeugdpoort.gateway.persistence.RequestStatus.UNKNOWN_YOUTH;
import static nl.jeugdpoort.gateway.persistence.RequestStatus.WAITING_FOR_NOTICE;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The allowed moves of a data request (issue #15.1), written down once. {@link
 * DataRequestEntity#moveTo} refuses every other move, so no code path can take a request out of a
 * final state or skip the notice: a release comes only from {@code received} (rule P5, an earlier
 * identical release), {@code waiting-for-notice} (P5 again on a later pass) or {@code fetching},
 * and {@code fetching} is reached only through {@code waiting-for-notice} or the end of an
 * objection window ({@code held-objection-window}), which in turn follows the fetch of a request
 * told beforehand (still {@code waiting-for-notice}) or told afterwards ({@code fetching}). A move
 * to the same non-final status records a new decision on a later pass. Final statuses have no way
 * out.
 */
public final class RequestLifecycle {
  /**
   * The ends a source answer without data leads to (SourceAnswers), from any status before the
   * release.
   */
  private static final Set<RequestStatus> SOURCE_ENDS =
      EnumSet.of(
          SOURCE_REFUSED,
          UNKNOWN_YOUTH,
          AMBIGUOUS_YOUTH,
          SOURCE_ACCESS_DENIED,
          SOURCE_UNSUPPORTED,
          SOURCE_BAD_ANSWER,
          SOURCE_UNAVAILABLE);

  private static final Map<RequestStatus, Set<RequestStatus>> NEXT =
      new EnumMap<>(RequestStatus.class);

  static {
    NEXT.put(
        RECEIVED,
        with(
            EnumSet.of(
                WAITING_FOR_NOTICE, RELEASED, PARTIALLY_RELEASED, REFUSED, TECHNICAL_FAILURE)));
    // A request told beforehand (N1) stays waiting-for-notice while it is fetched; the decision on
    // the items may
    // then hold it for an objection window (N3).
    NEXT.put(
        WAITING_FOR_NOTICE,
        with(
            EnumSet.of(
                WAITING_FOR_NOTICE,
                FETCHING,
                HELD_OBJECTION_WINDOW,
                RELEASED,
                PARTIALLY_RELEASED,
                REFUSED,
                TECHNICAL_FAILURE)));
    NEXT.put(
        FETCHING,
        with(
            EnumSet.of(
                FETCHING,
                HELD_OBJECTION_WINDOW,
                RELEASED,
                PARTIALLY_RELEASED,
                REFUSED,
                TECHNICAL_FAILURE)));
    NEXT.put(HELD_OBJECTION_WINDOW, EnumSet.of(FETCHING, TECHNICAL_FAILURE));
    for (RequestStatus s : RequestStatus.values()) {
      NEXT.putIfAbsent(s, EnumSet.noneOf(RequestStatus.class));
    }
  }

  private RequestLifecycle() {}

  private static Set<RequestStatus> with(Set<RequestStatus> next) {
    next.addAll(SOURCE_ENDS);
    return next;
  }

  /** True when a request in {@code from} may move to {@code to}. */
  public static boolean allows(RequestStatus from, RequestStatus to) {
    return NEXT.get(from).contains(to);
  }

  /** The statuses a request in {@code from} may move to (empty for a final status). */
  public static Set<RequestStatus> next(RequestStatus from) {
    return Set.copyOf(NEXT.get(from));
  }

  /** Thrown for a move the table does not allow: a bug in the caller, never a business outcome. */
  public static final class IllegalMove extends IllegalStateException {
    private final RequestStatus from;
    private final RequestStatus to;

    public IllegalMove(String requestId, RequestStatus from, RequestStatus to) {
      super("data request " + requestId + " may not move from " + from.code() + " to " + to.code());
      this.from = from;
      this.to = to;
    }

    public RequestStatus from() {
      return from;
    }

    public RequestStatus to() {
      return to;
    }
  }
}
