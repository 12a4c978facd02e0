package nl.jeugdpoort.gateway.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * V7: a source's authentication settings, on H2 and a real PostgreSQL; smart-backend needs URL and
 * client id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrganisationSourceAuthTest {
  private PostgresTestServer postgres;
  private Database h2;
  private Database pg;

  @BeforeAll
  void start() throws Exception {
    h2 =
        new Database(new DatabaseSettings("jdbc:h2:mem:sourceauth;DB_CLOSE_DELAY=-1", "sa", "", 2));
    postgres = PostgresTestServer.start(Path.of("target", "postgres-sourceauth"));
    pg = new Database(postgres.settings());
  }

  @AfterAll
  void stop() throws Exception {
    if (h2 != null) {
      h2.close();
    }
    if (pg != null) {
      pg.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  Stream<Database> databases() {
    return Stream.of(h2, pg);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void stores_and_reads_smart_backend_settings(Database db) {
    String id = "org-" + UUID.randomUUID();
    db.write(
        em -> {
          em.persist(
              new OrganisationEntity(id, "GGZ", "source", "https://ggz.example/fhir")
                  .sourceAuth(
                      "smart-backend",
                      "https://ggz.example/auth/token",
                      "jeugdpoort",
                      "system/*.read"));
          return null;
        });
    OrganisationEntity read = db.read(em -> em.find(OrganisationEntity.class, id));
    assertThat(read.sourceAuthMode()).isEqualTo("smart-backend");
    assertThat(read.sourceTokenUrl()).isEqualTo("https://ggz.example/auth/token");
    assertThat(read.sourceClientId()).isEqualTo("jeugdpoort");
    assertThat(read.sourceScope()).isEqualTo("system/*.read");
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void smart_backend_without_token_url_or_an_unknown_mode_is_refused(Database db) {
    assertThatThrownBy(
            () ->
                db.write(
                    em -> {
                      em.persist(
                          new OrganisationEntity(
                                  "org-" + UUID.randomUUID(),
                                  "GGZ",
                                  "source",
                                  "https://ggz.example/fhir")
                              .sourceAuth("smart-backend", null, "jeugdpoort", null));
                      return null;
                    }))
        .isInstanceOf(RuntimeException.class);
    assertThatThrownBy(
            () ->
                db.write(
                    em -> {
                      em.persist(
                          new OrganisationEntity(
                                  "org-" + UUID.randomUUID(),
                                  "GGZ",
                                  "source",
                                  "https://ggz.example/fhir")
                              .sourceAuth("basic", null, null, null));
                      return null;
                    }))
        .isInstanceOf(RuntimeException.class);
  }
}
