package nl.jeugdpoort.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The policy is the pure core: it depends on the JDK, itself and Jackson (to read its catalogue) —
 * nothing else.
 */
class PolicyLayeringTest {
  static final JavaClasses POLICY =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("nl.jeugdpoort.policy");

  @Test
  void the_policy_depends_on_no_framework_and_nothing_of_the_gateway() {
    classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "nl.jeugdpoort.policy..", "com.fasterxml.jackson..")
        .because("the policy decides; frameworks, FHIR and storage live in the gateway")
        .check(POLICY);
  }

  @Test
  void the_rule_groups_have_no_cycles() {
    slices().matching("nl.jeugdpoort.policy.(*)..").should().beFreeOfCycles().check(POLICY);
  }
}
