package nl.jeugdpoort.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.jar.Manifest;
import nl.jeugdpoort.gateway.health.GatewayStartup;
import nl.jeugdpoort.gateway.security.AccessPolicy;
import nl.jeugdpoort.gateway.security.PublicUrl;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** The FHIR R4 server of Jeugdpoort at {@code /fhir}. */
@WebServlet(urlPatterns = "/fhir/*", loadOnStartup = 1)
public class FhirServlet extends RestfulServer {
  private static final long serialVersionUID = 1L;

  @Inject transient TaskProvider tasks;
  @Inject transient ReleaseBundleProvider releases;
  @Inject transient NoticeProvider notices;
  @Inject transient AuditEventProvider auditEvents;
  @Inject transient CodeSystemProvider codeSystems;
  @Inject transient ConsentProvider consents;
  @Inject transient RecordingProvider recordings;
  @Inject transient SubscriptionProvider subscriptions;
  @Inject transient GatewayStartup startup;
  @Inject transient PurposeCatalogue catalogue;
  @Inject transient SecurityAudit securityAudit;
  @Inject transient PublicUrl publicUrl;

  public FhirServlet() {
    super(FhirContext.forR4Cached());
  }

  @Override
  protected void initialize() {
    setServerName("Jeugdpoort");
    // CapabilityStatement.software.version: the gateway's own version (from the WAR's manifest),
    // not HAPI's.
    setServerVersion(ownVersion());
    // Links, Location headers and the CapabilityStatement name the public base, never the Host
    // header.
    setServerAddressStrategy((context, request) -> publicUrl.base(request) + "/fhir");
    setImplementationDescription(
        "Jeugdpoort: lawful, minimal and transparent exchange of youth-care data");
    setDefaultResponseEncoding(EncodingEnum.JSON);
    setDefaultPrettyPrint(true);
    registerInterceptor(new CleanOutcomes());
    registerInterceptor(new SmartCapability());
    registerInterceptor(
        new AccessInterceptor(new AccessPolicy(catalogue.roles().keySet()), securityAudit));
    Config config = ConfigProvider.getConfig();
    registerInterceptor(
        new FrontDoor(
            getFhirContext(),
            config.getOptionalValue("jeugdpoort.http.write-limit", Integer.class).orElse(120),
            Duration.parse(
                config
                    .getOptionalValue("jeugdpoort.http.write-period", String.class)
                    .orElse("PT1M"))));
    setResourceProviders(
        List.of(
            tasks,
            releases,
            notices,
            auditEvents,
            codeSystems,
            consents,
            recordings,
            subscriptions));
    startup.fhirServing();
  }

  private String ownVersion() {
    try (InputStream in = getServletContext().getResourceAsStream("/META-INF/MANIFEST.MF")) {
      String version =
          in == null
              ? null
              : new Manifest(in).getMainAttributes().getValue("Implementation-Version");
      return version == null ? "unknown" : version;
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** No "X-Powered-By" banner: the server does not advertise its software or version. */
  @Override
  public void addHeadersToResponse(jakarta.servlet.http.HttpServletResponse response) {
    // deliberately empty
  }
}
