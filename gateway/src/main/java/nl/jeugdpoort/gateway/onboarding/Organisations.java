package nl.jeugdpoort.gateway.onboarding;

import ca.uhn.fhir.context.FhirContext;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.persistence.AccountEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.OrganisationEntity;
import nl.jeugdpoort.gateway.persistence.SystemClientEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import nl.jeugdpoort.policy.catalogue.OrganisationKind;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Organisations: created, changed and deactivated by an administrator (issue #18, item 2); every
 * change is audited in the same transaction. Deactivating keeps the row and all history; its people
 * and systems can no longer log in or get tokens, and it can no longer be asked for data.
 */
@ApplicationScoped
public class Organisations {
  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,63}");
  static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,}");
  static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()-]{6,20}");

  @Inject Database database;
  @Inject AuditLog audit;
  @Inject PurposeCatalogue catalogue;
  @Inject FhirContext fhir;
  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "jeugdpoort.connector.connect-timeout", defaultValue = "PT3S")
  String connectTimeout;

  @Inject
  @ConfigProperty(name = "jeugdpoort.connector.read-timeout", defaultValue = "PT10S")
  String readTimeout;

  private FhirEndpointCheck endpoints;

  @PostConstruct
  void init() {
    endpoints =
        new FhirEndpointCheck(fhir, Duration.parse(connectTimeout), Duration.parse(readTimeout));
  }

  public List<OrganisationEntity> all() {
    return database.read(
        em ->
            em.createQuery(
                    "select o from OrganisationEntity o order by o.id", OrganisationEntity.class)
                .getResultList());
  }

  public Optional<OrganisationEntity> find(String id) {
    return Optional.ofNullable(
        id == null || id.length() > 64
            ? null
            : database.read(em -> em.find(OrganisationEntity.class, id)));
  }

  public OrganisationEntity create(OrganisationInput in, AuthenticatedUser admin, String from) {
    List<String> problems = new ArrayList<>();
    if (in.id() == null || !ID.matcher(in.id()).matches()) {
      problems.add(
          "id: 2 to 64 lower-case letters, digits or '-', starting with a letter or digit");
    }
    problems.addAll(check(in));
    if (!problems.isEmpty()) {
      throw Problems.invalid(problems);
    }
    OrganisationEntity o = apply(new OrganisationEntity(in.id(), in.name(), in.kind(), null), in);
    boolean stored =
        database.write(
            em -> {
              if (em.find(OrganisationEntity.class, in.id()) != null) {
                return false;
              }
              em.persist(o);
              audit.append(
                  em,
                  AuditRecord.of("C", "organisation-created", "success", SecurityAudit.actor(admin))
                      .withAccessPoint(from)
                      .withDetail("organisation " + describe(o)));
              return true;
            });
    if (!stored) {
      throw Problems.conflict(
          "id: '"
              + in.id()
              + "' exists already; change it with PUT /api/admin/organisations/"
              + in.id());
    }
    return o;
  }

  /**
   * Replaces what is stated about organisation {@code id} (not its id); a new kind must fit its
   * people and systems.
   */
  public OrganisationEntity update(
      String id, OrganisationInput in, AuthenticatedUser admin, String from) {
    List<String> problems = check(in);
    if (!problems.isEmpty()) {
      throw Problems.invalid(problems);
    }
    OrganisationKind kind = catalogue.organisationKind(in.kind()).orElseThrow();
    return database.write(
        em -> {
          OrganisationEntity o = em.find(OrganisationEntity.class, id);
          if (o == null) {
            throw Problems.notFound("No organisation '" + SecurityAudit.printable(id) + "'.");
          }
          List<String> misfits = new ArrayList<>();
          em
              .createQuery(
                  "select a from AccountEntity a where a.organisationId = :o", AccountEntity.class)
              .setParameter("o", id)
              .getResultList()
              .stream()
              .filter(
                  a ->
                      !a.disabled()
                          && catalogue.roles().containsKey(a.role())
                          && !kind.mayHold(a.role()))
              .forEach(a -> misfits.add("account " + a.username() + " (" + a.role() + ")"));
          em
              .createQuery(
                  "select c from SystemClientEntity c where c.organisationId = :o",
                  SystemClientEntity.class)
              .setParameter("o", id)
              .getResultList()
              .stream()
              .filter(c -> c.active() && !kind.mayHold(c.actingRole()))
              .forEach(c -> misfits.add("system " + c.clientId() + " (" + c.actingRole() + ")"));
          if (!misfits.isEmpty()) {
            throw Problems.conflict(
                "kind: an organisation of kind "
                    + kind.code()
                    + " may not hold the roles of "
                    + String.join(", ", misfits)
                    + "; change or disable those first");
          }
          String before = describe(o);
          apply(o, in);
          audit.append(
              em,
              AuditRecord.of("U", "organisation-changed", "success", SecurityAudit.actor(admin))
                  .withAccessPoint(from)
                  .withDetail("organisation " + before + " now " + describe(o)));
          return o;
        });
  }

  /** Deactivates organisation {@code id}; its rows and history stay. */
  public OrganisationEntity deactivate(String id, AuthenticatedUser admin, String from) {
    return database.write(
        em -> {
          OrganisationEntity o = em.find(OrganisationEntity.class, id);
          if (o == null || !o.active()) {
            throw Problems.notFound(
                "No active organisation '" + SecurityAudit.printable(id) + "'.");
          }
          o.deactivate(clock.instant());
          audit.append(
              em,
              AuditRecord.of("U", "organisation-deactivated", "success", SecurityAudit.actor(admin))
                  .withAccessPoint(from)
                  .withDetail(
                      "organisation "
                          + o.id()
                          + " deactivated; its people and systems can no longer log in"));
          return o;
        });
  }

  /**
   * Every reason the input cannot be stored (an empty list when it can); checks the FHIR base URL
   * live.
   */
  List<String> check(OrganisationInput in) {
    List<String> problems = new ArrayList<>();
    if (in.name() == null || in.name().isBlank() || in.name().length() > 200) {
      problems.add("name: 1 to 200 characters");
    }
    if (catalogue.organisationKind(in.kind()).isEmpty()) {
      problems.add(
          "kind: one of "
              + String.join(
                  ", ",
                  catalogue.organisationKinds().stream().map(OrganisationKind::code).toList()));
    }
    Identifiers.problem(in.identifierType(), in.identifierValue()).ifPresent(problems::add);
    if (in.privacyOfficerName() == null
        || in.privacyOfficerName().isBlank()
        || in.privacyOfficerName().length() > 200) {
      problems.add("privacyOfficer.name: 1 to 200 characters");
    }
    if (in.privacyOfficerEmail() == null
        || in.privacyOfficerEmail().length() > 320
        || !EMAIL.matcher(in.privacyOfficerEmail()).matches()) {
      problems.add("privacyOfficer.email: an e-mail address");
    }
    if (in.privacyOfficerPhone() != null && !PHONE.matcher(in.privacyOfficerPhone()).matches()) {
      problems.add("privacyOfficer.phone: 6 to 20 digits, spaces, '+', '(', ')' or '-'");
    }
    String mode = in.sourceAuthMode() == null ? "none" : in.sourceAuthMode();
    if (!mode.equals("none") && !mode.equals("smart-backend")) {
      problems.add("source.authMode: none or smart-backend");
    }
    if (in.fhirBaseUrl() == null) {
      if (in.sourceAuthMode() != null
          || in.sourceTokenUrl() != null
          || in.sourceClientId() != null
          || in.sourceScope() != null) {
        problems.add("source: credentials need a fhirBaseUrl");
      }
    } else if (in.fhirBaseUrl().length() > 500) {
      problems.add("fhirBaseUrl: at most 500 characters");
    } else {
      endpoints.problem(in.fhirBaseUrl()).ifPresent(problems::add);
    }
    if (mode.equals("smart-backend")) {
      if (in.sourceTokenUrl() == null
          || in.sourceTokenUrl().length() > 2000
          || !httpUrl(in.sourceTokenUrl())) {
        problems.add("source.tokenUrl: the source's token endpoint, an absolute http or https URL");
      }
      if (in.sourceClientId() == null
          || in.sourceClientId().isBlank()
          || in.sourceClientId().length() > 255) {
        problems.add("source.clientId: the gateway's client id at the source, 1 to 255 characters");
      }
    } else if (in.sourceTokenUrl() != null || in.sourceClientId() != null) {
      problems.add("source: tokenUrl and clientId belong to authMode smart-backend");
    }
    if (in.sourceScope() != null && in.sourceScope().length() > 1000) {
      problems.add("source.scope: at most 1000 characters");
    }
    return problems;
  }

  private static boolean httpUrl(String s) {
    try {
      URI u = new URI(s);
      return u.isAbsolute()
          && u.getHost() != null
          && ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()));
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static OrganisationEntity apply(OrganisationEntity o, OrganisationInput in) {
    boolean smart = "smart-backend".equals(in.sourceAuthMode());
    return o.describe(in.name().strip(), in.kind(), in.fhirBaseUrl())
        .identifier(in.identifierType(), in.identifierValue())
        .privacyOfficer(
            in.privacyOfficerName().strip(), in.privacyOfficerEmail(), in.privacyOfficerPhone())
        .sourceAuth(
            in.fhirBaseUrl() == null ? null : smart ? "smart-backend" : "none",
            smart ? in.sourceTokenUrl() : null,
            smart ? in.sourceClientId() : null,
            in.sourceScope());
  }

  private static String describe(OrganisationEntity o) {
    return o.id()
        + " ("
        + SecurityAudit.printable(o.name())
        + ", "
        + o.kind()
        + ", "
        + o.identifierType()
        + " "
        + o.identifierValue()
        + ", FHIR "
        + (o.fhirBaseUrl() == null ? "-" : SecurityAudit.printable(o.fhirBaseUrl()))
        + ", source auth "
        + (o.sourceAuthMode() == null ? "-" : o.sourceAuthMode())
        + ")";
  }
}
