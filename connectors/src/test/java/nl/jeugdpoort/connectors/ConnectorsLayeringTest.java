package nl.jeugdpoort.connectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The connectors translate between the gateway's model and each source's API, knowing nothing of
 * the gateway.
 */
class ConnectorsLayeringTest {
  static final JavaClasses CONNECTORS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("nl.jeugdpoort.connectors");

  @Test
  void the_connectors_depend_on_neither_the_gateway_the_policy_nor_its_frameworks() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "nl.jeugdpoort.gateway..",
            "nl.jeugdpoort.policy..",
            "org.apache.camel..",
            "jakarta.persistence..",
            "org.apache.shiro..",
            "jakarta.enterprise..")
        .check(CONNECTORS);
  }
}
