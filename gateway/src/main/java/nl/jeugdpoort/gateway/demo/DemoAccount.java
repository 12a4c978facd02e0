package nl.jeugdpoort.gateway.demo;

/** A demo login: printed at start and documented in docs/demo.md. */
public record DemoAccount(String username, String password, String displayName, String role,
    String organisationId, String personRef, String youthBsn) {}
