package nl.jeugdpoort.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The gateway's layering, as the package comments state it: no cycles between packages; the fronts
 * (fhir, portal, admin) do not depend on each other; nothing outside {@code demo} depends on the
 * demo; the steps ({@code flow}) do not know the Camel routes that call them, and the layers below
 * the steps ({@code request}, {@code source}, {@code notice}, {@code family}) do not know the
 * steps; the audit log knows nobody's security; persistence knows neither FHIR, Camel nor the
 * policy's decisions.
 */
class LayeringTest {
  static final String G = "nl.jeugdpoort.gateway.";
  static final JavaClasses GATEWAY =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("nl.jeugdpoort.gateway");

  @Test
  void no_cycles_between_the_packages_of_the_gateway() {
    slices().matching("nl.jeugdpoort.gateway.(*)..").should().beFreeOfCycles().check(GATEWAY);
  }

  @Test
  void nothing_but_the_demo_depends_on_the_demo() {
    noClasses()
        .that()
        .resideOutsideOfPackage(G + "demo..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(G + "demo..")
        .because("the demo is a plug-in: production code must run without it")
        .check(GATEWAY);
  }

  @Test
  void the_fronts_do_not_depend_on_each_other() {
    noClasses()
        .that()
        .resideInAPackage(G + "fhir..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(G + "portal..", G + "admin..")
        .check(GATEWAY);
    noClasses()
        .that()
        .resideInAPackage(G + "admin..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(G + "portal..", G + "fhir..")
        .check(GATEWAY);
    // Both fronts call the same access check (request.RequestAccess), input bounds
    // (request.RequestInput)
    // and family commands (family.FamilyConsents) instead of one reusing the other.
    noClasses()
        .that()
        .resideInAPackage(G + "portal..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(G + "admin..", G + "fhir..")
        .check(GATEWAY);
  }

  @Test
  void the_steps_do_not_know_the_routes_and_the_core_knows_no_front() {
    noClasses()
        .that()
        .resideInAnyPackage(
            G + "flow..",
            G + "request..",
            G + "source..",
            G + "notice..",
            G + "family..",
            G + "persistence..",
            G + "audit..",
            G + "text..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            G + "route..", G + "fhir..", G + "portal..", G + "admin..", G + "health..")
        .check(GATEWAY);
  }

  @Test
  void the_layers_below_the_steps_do_not_know_the_steps() {
    noClasses()
        .that()
        .resideInAnyPackage(G + "request..", G + "source..", G + "notice..", G + "family..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(G + "flow..")
        .because(
            "the steps use the requests, the sources, the notices and the family's records, not the other way round")
        .check(GATEWAY);
    noClasses()
        .that()
        .resideInAPackage(G + "source..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(G + "request..", G + "notice..", G + "family..")
        .because("the anti-corruption layer towards the sources knows only what the sources say")
        .check(GATEWAY);
  }

  @Test
  void the_audit_log_and_persistence_know_no_security_camel_or_fhir_front() {
    noClasses()
        .that()
        .resideInAnyPackage(G + "audit..", G + "persistence..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            G + "security..",
            G + "flow..",
            "org.apache.camel..",
            "org.apache.shiro..",
            "ca.uhn.fhir.rest.server..")
        .check(GATEWAY);
  }

  @Test
  void subscriptions_know_neither_the_requests_nor_the_steps_nor_a_front() {
    noClasses()
        .that()
        .resideInAPackage(G + "subscription..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            G + "request..",
            G + "flow..",
            G + "route..",
            G + "fhir..",
            G + "portal..",
            G + "admin..",
            "org.apache.camel..")
        .because(
            "the request store and the release step tell the subscriptions, and the route calls them:"
                + " they depend on persistence, audit and security only")
        .check(GATEWAY);
  }
}
