package nl.jeugdpoort.gateway.config;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Checks every setting before any bean exists (CDI's first event, {@link BeforeBeanDiscovery}): a
 * wrong value stops the start with one line per wrong key and no stack trace — the process exits
 * with status 2 ({@link Runtime#halt}: nothing has started yet, nothing to shut down). An unknown
 * {@code jeugdpoort.*} name (a typo) is warned about and does not stop the start.
 */
public class ConfigCheckExtension implements Extension {
  private static final Logger LOG = Logger.getLogger(ConfigCheckExtension.class.getName());

  /** The exit status of a start stopped by a wrong setting. */
  public static final int EXIT_STATUS = 2;

  void check(@Observes @Priority(0) BeforeBeanDiscovery event) {
    Config config = ConfigProvider.getConfig(Thread.currentThread().getContextClassLoader());
    List<String> problems = ConfigCheck.problems(key -> config.getOptionalValue(key, String.class));
    for (String unknown : ConfigCheck.unknown(config.getPropertyNames())) {
      LOG.warning(
          "Jeugdpoort: unknown setting "
              + unknown
              + " is ignored (docs/configuration.md lists every setting)");
    }
    if (problems.isEmpty()) {
      return;
    }
    for (String p : problems) {
      String line = "Jeugdpoort cannot start: " + p + " (docs/configuration.md)";
      System.err.println(line);
      LOG.severe(line);
    }
    System.err.flush();
    Runtime.getRuntime().halt(EXIT_STATUS);
  }
}
