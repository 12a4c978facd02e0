package nl.jeugdpoort.gateway.config;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import nl.jeugdpoort.connectors.fhir.FhirRestSettings;
import nl.jeugdpoort.connectors.fhir.FhirRestSourceConnector;
import nl.jeugdpoort.fhir.JeugdpoortValidator;
import nl.jeugdpoort.gateway.audit.AuditArchive;
import nl.jeugdpoort.gateway.audit.AuditChainer;
import nl.jeugdpoort.gateway.audit.AuditCheckpoints;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.DisclosureReceipts;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.DatabaseSettings;
import nl.jeugdpoort.gateway.security.GatewayKeys;
import nl.jeugdpoort.policy.PolicyEngine;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds the gateway's long-lived parts from MicroProfile Config, once. */
@ApplicationScoped
public class GatewayProducers {
  /** Dutch time: ages (C2) and dates in notices are counted in the Netherlands. */
  public static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

  @Inject
  @ConfigProperty(name = "jeugdpoort.db.url")
  String dbUrl;

  @Inject
  @ConfigProperty(name = "jeugdpoort.db.user", defaultValue = "sa")
  String dbUser;

  @Inject
  @ConfigProperty(name = "jeugdpoort.db.password")
  Optional<String> dbPassword;

  @Inject
  @ConfigProperty(name = "jeugdpoort.db.pool-size", defaultValue = "8")
  int poolSize;

  @Inject
  @ConfigProperty(name = "jeugdpoort.audit.chain-interval", defaultValue = "PT0.2S")
  String auditChainInterval;

  @Inject
  @ConfigProperty(name = "jeugdpoort.audit.archive-dir", defaultValue = "./data/audit-archive")
  String auditArchiveDir;

  @Inject
  @ConfigProperty(name = "jeugdpoort.connector.connect-timeout", defaultValue = "PT3S")
  String connectTimeout;

  @Inject
  @ConfigProperty(name = "jeugdpoort.connector.read-timeout", defaultValue = "PT10S")
  String readTimeout;

  @Inject
  @ConfigProperty(name = "jeugdpoort.connector.max-attempts", defaultValue = "3")
  int maxAttempts;

  @Inject
  @ConfigProperty(name = "jeugdpoort.connector.initial-backoff", defaultValue = "PT0.25S")
  String initialBackoff;

  @Inject
  @ConfigProperty(name = "jeugdpoort.connector.breaker-open-for", defaultValue = "PT30S")
  String breakerOpenFor;

  @Inject
  @ConfigProperty(name = "jeugdpoort.connector.page-size", defaultValue = "100")
  int pageSize;

  @Inject
  @ConfigProperty(name = "jeugdpoort.connector.max-items-per-type", defaultValue = "10000")
  int maxItemsPerType;

  @Inject
  @ConfigProperty(name = "jeugdpoort.connector.max-response-bytes", defaultValue = "16777216")
  long maxResponseBytes;

  @Inject
  @ConfigProperty(name = "jeugdpoort.connector.capability-cache-ttl", defaultValue = "PT10M")
  String capabilityCacheTtl;

  @Inject
  @ConfigProperty(name = "jeugdpoort.connector.max-retry-after", defaultValue = "PT5S")
  String maxRetryAfter;

  @Inject
  @ConfigProperty(name = "jeugdpoort.clock.adjustable", defaultValue = "false")
  boolean clockAdjustable;

  @Inject
  @ConfigProperty(name = "jeugdpoort.demo.enabled", defaultValue = "true")
  boolean demoEnabled;

  /**
   * The one clock of the gateway, in Dutch time. With {@code jeugdpoort.clock.adjustable=true}
   * (tests only) an {@link AdjustableClock} that an administrator can move forward; refused — the
   * gateway does not start — when the demo is off, as it is in production (docs/configuration.md).
   */
  @Produces
  @Singleton
  Clock clock() {
    return clockFor(clockAdjustable, demoEnabled);
  }

  /** The clock for these settings; {@code adjustable} without the demo is refused. */
  static Clock clockFor(boolean adjustable, boolean demo) {
    if (!adjustable) {
      return Clock.system(ZONE);
    }
    if (!demo) {
      throw new IllegalStateException(
          "jeugdpoort.clock.adjustable=true is for tests only and is refused when "
              + "jeugdpoort.demo.enabled=false (a production configuration)");
    }
    return new AdjustableClock(Clock.system(ZONE));
  }

  @Produces
  @Singleton
  Database database() {
    return new Database(new DatabaseSettings(dbUrl, dbUser, dbPassword.orElse(""), poolSize));
  }

  void close(@Disposes Database database) {
    database.close();
  }

  @Produces
  @Singleton
  FhirContext fhirContext() {
    return FhirContext.forR4Cached();
  }

  @Produces
  @Singleton
  PurposeCatalogue catalogue() {
    return PurposeCatalogue.load();
  }

  @Produces
  @Singleton
  PolicyEngine policyEngine(PurposeCatalogue catalogue) {
    return new PolicyEngine(catalogue);
  }

  @Produces
  @Singleton
  AuditLog auditLog(Clock clock) {
    return new AuditLog(clock);
  }

  /** Links pending audit entries into the chain; started by {@code health.AuditStartup}. */
  @Produces
  @Singleton
  AuditChainer auditChainer(Database database, Clock clock) {
    return new AuditChainer(database, clock, Duration.parse(auditChainInterval));
  }

  void close(@Disposes AuditChainer chainer) {
    chainer.close();
  }

  /** Signed checkpoints of the audit chain head, with the gateway's ES256 key. */
  @Produces
  @Singleton
  AuditCheckpoints auditCheckpoints(Database database, Clock clock, GatewayKeys keys) {
    return new AuditCheckpoints(database, clock, keys::signingKey);
  }

  /** Signed disclosure receipts for families (#20.4), with the key that signs checkpoints. */
  @Produces
  @Singleton
  DisclosureReceipts disclosureReceipts(
      Database database, Clock clock, GatewayKeys keys, AuditCheckpoints checkpoints) {
    return new DisclosureReceipts(database, clock, keys::signingKey, checkpoints);
  }

  /** The archive step of the audit log, into {@code jeugdpoort.audit.archive-dir}. */
  @Produces
  @Singleton
  AuditArchive auditArchive(
      Database database, FhirContext fhir, AuditCheckpoints checkpoints, Clock clock) {
    return new AuditArchive(
        database, fhir, checkpoints, clock, java.nio.file.Path.of(auditArchiveDir));
  }

  /** The FHIR REST connector; also injectable as {@code SourceConnector}. */
  @Produces
  @Singleton
  FhirRestSourceConnector fhirConnector() {
    FhirRestSettings defaults = FhirRestSettings.defaults();
    return new FhirRestSourceConnector(
        new FhirRestSettings(
            Duration.parse(connectTimeout),
            Duration.parse(readTimeout),
            maxAttempts,
            Duration.parse(initialBackoff),
            defaults.breakerWindow(),
            defaults.breakerFailureRate(),
            Duration.parse(breakerOpenFor),
            defaults.maxPages(),
            pageSize,
            maxItemsPerType,
            maxResponseBytes,
            Duration.parse(capabilityCacheTtl),
            Duration.parse(maxRetryAfter)));
  }

  /** The validator over Jeugdpoort's FHIR package: built once, shared. */
  @Produces
  @Singleton
  JeugdpoortValidator validator(FhirContext fhir) {
    return new JeugdpoortValidator(fhir);
  }
}
