package nl.jeugdpoort.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** docs/demo.md is what new users read: it must list exactly what the demo generates. */
class DemoDocsTest {
  @Test
  void docs_list_every_demo_child_organisation_and_account() throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "demo.md"));
    DemoWorld world = DemoWorld.generate(20261123L, LocalDate.now(), 60);
    for (DemoChild c : world.children()) {
      assertThat(docs)
          .as("child c%d", c.index())
          .contains("| c" + c.index() + " | " + c.bsn() + " |");
    }
    for (DemoOrganisation o : world.organisations()) {
      assertThat(docs).contains("`" + o.id() + "`");
    }
    for (DemoAccount a : world.accounts()) {
      assertThat(docs).as(a.username()).contains(a.username()).contains(a.password());
    }
  }
}
