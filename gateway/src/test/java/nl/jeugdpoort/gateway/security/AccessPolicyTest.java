package nl.jeugdpoort.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import nl.jeugdpoort.gateway.security.AccessPolicy.Kind;
import nl.jeugdpoort.gateway.security.AccessPolicy.Operation;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
  private final AccessPolicy policy = new AccessPolicy(PurposeCatalogue.load().roles().keySet());

  private static AuthenticatedUser person(String role, String org, String youth) {
    return new AuthenticatedUser(
        "u", "U", role, org, youth == null ? null : "RelatedPerson/x", youth);
  }

  private static AuthenticatedUser system(String... scopes) {
    return new AuthenticatedUser(
        "c",
        "C",
        "child-protection-investigator",
        "raad-kinderbescherming",
        null,
        null,
        true,
        Set.of(scopes));
  }

  @Test
  void every_caller_has_exactly_one_kind_and_an_incomplete_account_has_none() {
    assertThat(policy.kindOf(person("child-protection-investigator", "raad", null)))
        .isEqualTo(Kind.PROFESSIONAL);
    assertThat(policy.kindOf(person("privacy-officer", "ggz", null)))
        .isEqualTo(Kind.PRIVACY_OFFICER);
    assertThat(policy.kindOf(person("family-member", null, "123456782")))
        .isEqualTo(Kind.FAMILY_MEMBER);
    assertThat(policy.kindOf(person("administrator", null, null))).isEqualTo(Kind.ADMINISTRATOR);
    assertThat(policy.kindOf(system("system/Task.rs"))).isEqualTo(Kind.SYSTEM);
    assertThat(policy.kindOf(person("child-protection-investigator", null, null)))
        .as("a professional without organisation")
        .isEqualTo(Kind.UNKNOWN);
    assertThat(policy.kindOf(person("family-member", null, null)))
        .as("a family member without youth")
        .isEqualTo(Kind.UNKNOWN);
    assertThat(policy.kindOf(person("janitor", "raad", null))).isEqualTo(Kind.UNKNOWN);
  }

  @Test
  void professionals_request_and_read_family_members_only_consent_administrators_no_care_data() {
    AuthenticatedUser prof = person("child-protection-investigator", "raad", null);
    assertThat(policy.check(prof, "Task", Operation.CREATE).allowed()).isTrue();
    assertThat(policy.check(prof, "Bundle", Operation.READ).allowed()).isTrue();
    assertThat(policy.check(prof, "Consent", Operation.CREATE).allowed()).isFalse();
    assertThat(policy.check(prof, "Task", Operation.DELETE).allowed()).isFalse();
    assertThat(policy.check(prof, "Task", Operation.UPDATE).allowed())
        .as("E2: completing an erasure request")
        .isTrue();
    assertThat(policy.check(prof, "Patient", Operation.READ).allowed())
        .as("not in the table: denied")
        .isFalse();

    AuthenticatedUser officer = person("privacy-officer", "ggz", null);
    assertThat(policy.check(officer, "Task", Operation.SEARCH).allowed()).isTrue();
    assertThat(policy.check(officer, "AuditEvent", Operation.SEARCH).allowed()).isTrue();
    assertThat(policy.check(officer, "Task", Operation.CREATE).allowed()).isFalse();
    assertThat(policy.check(officer, "Task", Operation.UPDATE).allowed()).isFalse();
    assertThat(policy.check(officer, "Bundle", Operation.READ).allowed()).isFalse();

    AuthenticatedUser family = person("family-member", null, "123456782");
    assertThat(policy.check(family, "Consent", Operation.DELETE).allowed()).isTrue();
    assertThat(policy.check(family, "Task", Operation.READ).allowed()).isFalse();

    AuthenticatedUser admin = person("administrator", null, null);
    for (String type : new String[] {"Task", "Bundle", "Communication", "AuditEvent", "Consent"}) {
      for (Operation op : Operation.values()) {
        AccessPolicy.Verdict v = policy.check(admin, type, op);
        assertThat(v.allowed()).as("%s %s", op, type).isFalse();
        assertThat(v.reason()).contains("beheerder");
      }
    }
  }

  @Test
  void a_system_needs_both_the_role_table_and_a_scope() {
    assertThat(policy.check(system("system/Task.rs"), "Task", Operation.READ).allowed()).isTrue();
    AccessPolicy.Verdict create = policy.check(system("system/Task.rs"), "Task", Operation.CREATE);
    assertThat(create.allowed()).isFalse();
    assertThat(create.reason()).contains("system/Task.c");
    assertThat(policy.check(system("system/*.*"), "Consent", Operation.CREATE).allowed())
        .as("no scope opens what the table closes")
        .isFalse();
    assertThat(policy.check(system("system/Task.write"), "Task", Operation.CREATE).allowed())
        .isTrue();
    assertThat(policy.check(system("system/*.read"), "Bundle", Operation.READ).allowed()).isTrue();
  }
}
