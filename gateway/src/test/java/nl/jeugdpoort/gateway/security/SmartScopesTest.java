package nl.jeugdpoort.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SmartScopesTest {

  @Test
  void v2_letters_and_v1_words_grant_the_operations_they_name() {
    SmartScopes v2 = SmartScopes.parse("system/Task.crs system/Bundle.r");
    assertThat(v2.permits("Task", 'c')).isTrue();
    assertThat(v2.permits("Task", 'd')).isFalse();
    assertThat(v2.permits("Bundle", 's')).isFalse();
    SmartScopes v1 = SmartScopes.parse("system/Communication.read system/*.write");
    assertThat(v1.permits("Communication", 's')).isTrue();
    assertThat(v1.permits("Communication", 'c')).isTrue();
    assertThat(v1.permits("Task", 'r')).isFalse();
  }

  @Test
  void a_request_is_covered_only_by_the_registered_grants() {
    SmartScopes registered = SmartScopes.parse("system/Task.crs system/Bundle.r");
    assertThat(registered.notCovering(SmartScopes.parse("system/Task.rs system/Bundle.read")))
        .containsExactly("system/Bundle.read");
    assertThat(registered.notCovering(SmartScopes.parse("system/Task.r"))).isEmpty();
    assertThat(registered.notCovering(SmartScopes.parse("system/*.r")))
        .containsExactly("system/*.r");
    assertThat(
            SmartScopes.parse("system/*.*")
                .notCovering(SmartScopes.parse("system/*.r system/Task.cruds")))
        .isEmpty();
  }

  @Test
  void anything_but_a_system_scope_is_refused_with_its_text() {
    assertThatThrownBy(() -> SmartScopes.parse("patient/*.read"))
        .hasMessageContaining("patient/*.read");
    assertThatThrownBy(() -> SmartScopes.parse("system/Task."))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SmartScopes.parse("system/Task.srd"))
        .as("v2 letters in cruds order only")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SmartScopes.parse("system/Ta\u0000sk.r"))
        .hasMessageNotContaining("\u0000");
    assertThat(SmartScopes.parse("  ").isEmpty()).isTrue();
  }
}
