package nl.jeugdpoort.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import nl.jeugdpoort.gateway.health.GatewayStartup;
import java.util.List;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import nl.jeugdpoort.gateway.security.AccessPolicy;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;

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
  @Inject transient GatewayStartup startup;
  @Inject transient PurposeCatalogue catalogue;
  @Inject transient SecurityAudit securityAudit;

  public FhirServlet() {
    super(FhirContext.forR4Cached());
  }

  @Override
  protected void initialize() {
    setServerName("Jeugdpoort");
    setImplementationDescription("Jeugdpoort: lawful, minimal and transparent exchange of youth-care data");
    setDefaultResponseEncoding(EncodingEnum.JSON);
    setDefaultPrettyPrint(true);
    registerInterceptor(new CleanOutcomes());
    registerInterceptor(new SmartCapability());
    registerInterceptor(new AccessInterceptor(new AccessPolicy(catalogue.roles().keySet()), securityAudit));
    setResourceProviders(List.of(tasks, releases, notices, auditEvents, codeSystems, consents));
    startup.fhirServing();
  }

  /** No "X-Powered-By" banner: the server does not advertise its software or version. */
  @Override
  public void addHeadersToResponse(jakarta.servlet.http.HttpServletResponse response) {
    // deliberately empty
  }
}
