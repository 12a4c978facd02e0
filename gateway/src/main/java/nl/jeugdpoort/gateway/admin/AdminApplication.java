package nl.jeugdpoort.gateway.admin;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The administration API at {@code /api} (JSON; HTTP Basic as an administrator; see
 * docs/security.md).
 */
@ApplicationPath("/api")
public class AdminApplication extends Application {}
