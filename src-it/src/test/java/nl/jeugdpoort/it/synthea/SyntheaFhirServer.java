package nl.jeugdpoort.it.synthea;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The Synthea source as a real FHIR R4 server: HAPI FHIR's plain {@link RestfulServer} on an
 * embedded Jetty on 127.0.0.1 (random port), with an in-memory resource provider for every resource
 * type of the population. Each provider reads by id and searches by {@code patient} and {@code
 * subject} (the Patient compartment: the resource's {@code patient}, {@code subject}, {@code
 * beneficiary} or {@code target}) and {@code _tag}; Patient is searched by {@code identifier}.
 * Searches are paged by HAPI's paging provider ({@value #PAGE_SIZE} per page unless {@code _count}
 * asks otherwise, at most {@value #MAX_PAGE_SIZE}) with {@code next} links and {@code
 * Bundle.total}. The CapabilityStatement is the one HAPI generates from the providers. Optionally
 * it demands SMART Backend Services ({@link SmartBackendGuard}).
 */
public final class SyntheaFhirServer implements AutoCloseable {
  public static final int PAGE_SIZE = 10;
  public static final int MAX_PAGE_SIZE = 100;

  /** One call as the source saw it: method, path and query, and the gateway's headers. */
  public record Call(
      String method, String uri, String requestId, String purpose, String authorization) {}

  private final Server server = new Server();
  private final int port;
  private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
  private final SmartBackendGuard guard;

  /**
   * @param smart null for an open source; otherwise the guard that demands a bearer token from its
   *     own token endpoint on every FHIR call
   */
  public SyntheaFhirServer(
      FhirContext fhir, Map<String, List<Resource>> resources, SmartBackendGuard smart)
      throws Exception {
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    RestfulServer restful = new RestfulServer(fhir);
    List<IResourceProvider> providers = new ArrayList<>();
    for (Map.Entry<String, List<Resource>> type : resources.entrySet()) {
      Class<? extends IBaseResource> cls =
          fhir.getResourceDefinition(type.getKey()).getImplementingClass();
      providers.add(
          "Patient".equals(type.getKey())
              ? new PatientProvider(type.getValue())
              : new TypeProvider(cls, type.getValue()));
    }
    restful.setResourceProviders(providers);
    FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(1000);
    paging.setDefaultPageSize(PAGE_SIZE);
    paging.setMaximumPageSize(MAX_PAGE_SIZE);
    restful.setPagingProvider(paging);
    restful.setDefaultPrettyPrint(false);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(restful), "/fhir/*");
    context.addFilter(
        new FilterHolder(
            (jakarta.servlet.Filter)
                (request, response, chain) -> {
                  HttpServletRequest http = (HttpServletRequest) request;
                  String query = http.getQueryString();
                  calls.add(
                      new Call(
                          http.getMethod(),
                          http.getRequestURI() + (query == null ? "" : "?" + query),
                          http.getHeader("X-Request-ID"),
                          http.getHeader("X-Jeugdpoort-Purpose"),
                          http.getHeader("Authorization")));
                  chain.doFilter(request, response);
                }),
        "/*",
        EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
    this.guard = smart;
    if (smart != null) {
      smart.install(context);
    }
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
    if (smart != null) {
      smart.started(URI.create("http://127.0.0.1:" + port));
    }
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port + "/fhir");
  }

  /** Every call received so far, in order. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The calls that carried the gateway's {@code X-Request-ID} of one data request. */
  public List<Call> callsFor(String requestId) {
    return calls.stream().filter(c -> Objects.equals(requestId, c.requestId())).toList();
  }

  public SmartBackendGuard guard() {
    return guard;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  /** Whether {@code resource} is in the Patient compartment of {@code patientId}. */
  public static boolean belongsTo(Resource resource, String patientId) {
    if (resource instanceof Patient) {
      return resource.getIdElement().getIdPart().equals(patientId);
    }
    for (String name : List.of("patient", "subject", "beneficiary", "target")) {
      Property property = resource.getNamedProperty(name);
      if (property == null) {
        continue;
      }
      for (Base value : property.getValues()) {
        if (value instanceof Reference ref && ("Patient/" + patientId).equals(ref.getReference())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean tagged(Resource resource, TokenParam tag) {
    if (tag == null) {
      return true;
    }
    for (Coding c : resource.getMeta().getTag()) {
      if ((tag.getSystem() == null || tag.getSystem().equals(c.getSystem()))
          && Objects.equals(tag.getValue(), c.getCode())) {
        return true;
      }
    }
    return false;
  }

  private static Resource byId(List<Resource> items, IdType id) {
    return items.stream()
        .filter(r -> r.getIdElement().getIdPart().equals(id.getIdPart()))
        .findFirst()
        .orElseThrow(() -> new ResourceNotFoundException(id));
  }

  /** One resource type, in memory: read, and search by patient/subject and _tag. */
  public static final class TypeProvider implements IResourceProvider {
    private final Class<? extends IBaseResource> type;
    private final List<Resource> items;

    TypeProvider(Class<? extends IBaseResource> type, List<Resource> items) {
      this.type = type;
      this.items = Collections.unmodifiableList(new ArrayList<>(items));
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
      return type;
    }

    @Read
    public IBaseResource read(@IdParam IdType id) {
      return byId(items, id);
    }

    @Search
    public IBundleProvider search(
        @OptionalParam(name = "patient") ReferenceParam patient,
        @OptionalParam(name = "subject") ReferenceParam subject,
        @OptionalParam(name = "_tag") TokenParam tag) {
      List<IBaseResource> found = new ArrayList<>();
      for (Resource r : items) {
        if ((patient == null || belongsTo(r, patient.getIdPart()))
            && (subject == null || belongsTo(r, subject.getIdPart()))
            && tagged(r, tag)) {
          found.add(r);
        }
      }
      return new SimpleBundleProvider(found);
    }
  }

  /** Patients: read, and search by identifier (system|value). */
  public static final class PatientProvider implements IResourceProvider {
    private final List<Resource> items;

    PatientProvider(List<Resource> items) {
      this.items = Collections.unmodifiableList(new ArrayList<>(items));
    }

    @Override
    public Class<Patient> getResourceType() {
      return Patient.class;
    }

    @Read
    public Patient read(@IdParam IdType id) {
      return (Patient) byId(items, id);
    }

    @Search
    public IBundleProvider search(
        @RequiredParam(name = Patient.SP_IDENTIFIER) TokenParam identifier,
        @OptionalParam(name = "_tag") TokenParam tag) {
      List<IBaseResource> found = new ArrayList<>();
      for (Resource r : items) {
        Patient p = (Patient) r;
        boolean match =
            p.getIdentifier().stream()
                .anyMatch(
                    i ->
                        (identifier.getSystem() == null
                                || identifier.getSystem().equals(i.getSystem()))
                            && identifier.getValue().equals(i.getValue()));
        if (match && tagged(p, tag)) {
          found.add(p);
        }
      }
      return new SimpleBundleProvider(found);
    }
  }
}
