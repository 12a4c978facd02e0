package nl.jeugdpoort.gateway.route;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.engine.DefaultClassResolver;

/**
 * Camel's resource look-ups for its own service descriptors ({@code
 * META-INF/services/org/apache/camel/…}) answered from the application's jars only. Camel probes
 * for many optional services while it builds its context; in Payara every probe that the WAR does
 * not answer falls through to the server's API class loader, which assembles the manifests of the
 * whole server for each {@code META-INF/services} look-up — seconds of the start-up (issue #16,
 * item 6, measured with thread dumps of the start). Camel's jars are all in the WAR, so a
 * descriptor the WAR does not have is not there. Outside such a class loader (unit tests) Camel's
 * own look-up is used.
 */
final class WarClassResolver extends DefaultClassResolver {
  static final String CAMEL_SERVICES = org.apache.camel.spi.FactoryFinder.DEFAULT_PATH;

  private final URLClassLoader war;

  WarClassResolver(CamelContext camel, ClassLoader application) {
    super(camel);
    this.war = application instanceof URLClassLoader u ? u : null;
  }

  @Override
  public InputStream loadResourceAsStream(String uri) {
    if (war == null || !uri.startsWith(CAMEL_SERVICES)) {
      return super.loadResourceAsStream(uri);
    }
    URL url = war.findResource(uri);
    try {
      return url == null ? null : url.openStream();
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public URL loadResourceAsURL(String uri) {
    if (war == null || !uri.startsWith(CAMEL_SERVICES)) {
      return super.loadResourceAsURL(uri);
    }
    return war.findResource(uri);
  }
}
