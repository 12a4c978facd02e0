package nl.jeugdpoort.gateway.security;

import java.time.Instant;
import java.util.List;

/**
 * A CDI event: an address failed to log in for many different names (password spraying; the {@code
 * login-alert} audit entries are written). Observed by the privacy officers' e-mail alerts.
 *
 * @param host the address the attempts came from
 * @param names how many different names it tried
 * @param organisations the organisations whose accounts were among them (may be empty)
 * @param at when it was detected
 */
public record SprayingDetected(String host, int names, List<String> organisations, Instant at) {}
