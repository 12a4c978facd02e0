package nl.jeugdpoort.gateway.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import nl.jeugdpoort.connectors.SourceContract;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * The FHIR R4 endpoint of one demo source organisation — what that organisation's own system would
 * expose. It answers with the organisation's generated records, and refuses (HTTP 403, rule P6) for
 * the children whose practitioner wants to talk to the family first.
 */
public final class DemoSourceServlet extends RestfulServer {
  private static final long serialVersionUID = 1L;
  private final transient List<Resource> records;
  private final transient DemoWorld world;
  private final String organisationId;

  public DemoSourceServlet(String organisationId, DemoWorld world) {
    super(FhirContext.forR4Cached());
    this.organisationId = organisationId;
    this.world = world;
    this.records = world.records(organisationId);
  }

  @Override
  protected void initialize() {
    setServerName("Demo-bron " + organisationId);
    Map<Class<? extends Resource>, List<Resource>> byType = new LinkedHashMap<>();
    for (Resource r : records) {
      byType.computeIfAbsent(r.getClass(), t -> new ArrayList<>()).add(r);
    }
    Consumer<Patient> refusal =
        patient -> {
          DemoChild child = world.child(patient.getIdentifierFirstRep().getValue());
          if (child != null
              && child.sourceRefusesSharing()
              && DemoWorld.GGZ.equals(organisationId)) {
            String reason =
                "De behandelaar wil eerst zelf met de jongere en de ouders overleggen voordat er iets wordt "
                    + "gedeeld (beroepsgeheim).";
            // The source contract's explicit signal of a refusal on professional grounds (P6,
            // docs/sources.md).
            throw new ForbiddenOperationException(
                reason, SourceContract.professionalRefusal(reason));
          }
        };
    List<IResourceProvider> providers = new ArrayList<>();
    byType.forEach((type, list) -> providers.add(new InMemorySourceProvider(type, list, refusal)));
    setResourceProviders(providers);
  }

  /** No "X-Powered-By" banner: the server does not advertise its software or version. */
  @Override
  public void addHeadersToResponse(jakarta.servlet.http.HttpServletResponse response) {
    // deliberately empty
  }
}
