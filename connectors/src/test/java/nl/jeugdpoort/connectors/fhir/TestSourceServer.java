package nl.jeugdpoort.connectors.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import nl.jeugdpoort.connectors.SourceContract;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;

/**
 * A real FHIR server (HAPI RestfulServer on Jetty, loopback) whose records and behaviour a test
 * sets: it searches Patient by identifier and Observation, CarePlan and RelatedPerson by patient,
 * pages with {@code _count} like any HAPI server, and serves its own CapabilityStatement. It offers
 * no Condition. A filter in front can fail, stall, refuse, demand authentication or replace an
 * answer with raw bytes, per test.
 */
final class TestSourceServer implements AutoCloseable {
  enum Mode {
    ANSWER,
    FAIL_500,
    STALL,
    REFUSE,
    REFUSE_422,
    FORBIDDEN,
    UNAUTHORIZED,
    TOO_MANY,
    BAD_REQUEST,
    INVALID_422,
    /**
     * The provider throws HAPI's ForbiddenOperationException carrying the refusal signal, as a HAPI
     * source would.
     */
    REFUSE_BY_HAPI_EXCEPTION
  }

  /** An answer written as is, instead of the FHIR server's. */
  record Raw(
      int status,
      String contentType,
      byte[] body,
      Map<String, String> headers,
      boolean declareLength) {
    static Raw json(int status, String body) {
      return new Raw(
          status, "application/fhir+json", body.getBytes(StandardCharsets.UTF_8), Map.of(), true);
    }

    /** The same answer streamed without a Content-Length. */
    Raw undeclared() {
      return new Raw(status, contentType, body, headers, false);
    }
  }

  static final String BSN = "111222333";
  static final String REFUSAL = "Beroepsgeheim: overleg eerst met de behandelaar.";
  final AtomicReference<Mode> mode = new AtomicReference<>(Mode.ANSWER);
  final AtomicInteger calls = new AtomicInteger();
  final Map<String, AtomicInteger> callsByPath = new ConcurrentHashMap<>();
  final AtomicReference<String> lastPurpose = new AtomicReference<>();
  final List<Map<String, String>> requestHeaders = new CopyOnWriteArrayList<>();
  final List<Resource> records = new CopyOnWriteArrayList<>();

  /**
   * Extra entries a search of the type also returns (search mode set on the resource, e.g.
   * include/outcome).
   */
  final Map<String, List<Resource>> noise = new ConcurrentHashMap<>();

  /** Raw answers by request path (e.g. "/fhir/Observation"), overriding the server. */
  final Map<String, Function<HttpServletRequest, Raw>> raw = new ConcurrentHashMap<>();

  /**
   * When set, a request it answers with a non-null reason for is refused with 401 (the source's
   * access control).
   */
  final AtomicReference<Function<HttpServletRequest, String>> guard = new AtomicReference<>();

  private final Server server = new Server();
  private final int port;

  TestSourceServer() throws Exception {
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    RestfulServer fhir = new RestfulServer(FhirContext.forR4Cached());
    fhir.setPagingProvider(
        new FifoMemoryPagingProvider(50).setDefaultPageSize(20).setMaximumPageSize(500));
    fhir.setResourceProviders(
        new Provider<>(Patient.class),
        new Provider<>(RelatedPerson.class),
        new Provider<>(CarePlan.class),
        new Provider<>(Observation.class));
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(fhir), "/fhir/*");
    context.addFilter(
        new FilterHolder(
            (Filter)
                (req, res, chain) -> {
                  if (!behave((HttpServletRequest) req, (HttpServletResponse) res)) {
                    chain.doFilter(req, res);
                  }
                }),
        "/*",
        EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
    reset();
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port + "/fhir");
  }

  int calls(String path) {
    AtomicInteger n = callsByPath.get(path);
    return n == null ? 0 : n.get();
  }

  /** Back to the standard world: one youth p1 with a mother and one care plan; another child p2. */
  void reset() {
    mode.set(Mode.ANSWER);
    calls.set(0);
    callsByPath.clear();
    requestHeaders.clear();
    noise.clear();
    raw.clear();
    guard.set(null);
    records.clear();
    records.add(patient("p1", BSN));
    records.add(patient("p2", "999888777"));
    RelatedPerson mother = new RelatedPerson(new Reference("Patient/p1"));
    mother.setId("rp1");
    records.add(mother);
    RelatedPerson otherMother = new RelatedPerson(new Reference("Patient/p2"));
    otherMother.setId("rp2");
    records.add(otherMother);
    CarePlan plan = new CarePlan();
    plan.setId("cp1");
    plan.setTitle("Plan");
    plan.setSubject(new Reference("Patient/p1"));
    records.add(plan);
  }

  static Patient patient(String id, String bsn) {
    Patient p = new Patient();
    p.setId(id);
    p.addIdentifier(new Identifier().setSystem(SourceContract.BSN_SYSTEM).setValue(bsn));
    return p;
  }

  static Observation observation(String id, String patientReference) {
    Observation o = new Observation();
    o.setId(id);
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.getCode().setText("Lengte");
    o.setSubject(new Reference(patientReference));
    return o;
  }

  /** True when the filter answered itself. */
  private boolean behave(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getRequestURI();
    calls.incrementAndGet();
    callsByPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    Map<String, String> headers = new ConcurrentHashMap<>();
    for (String name : java.util.Collections.list(request.getHeaderNames())) {
      headers.put(name.toLowerCase(java.util.Locale.ROOT), request.getHeader(name));
    }
    requestHeaders.add(headers);
    lastPurpose.set(request.getHeader(SourceContract.HEADER_PURPOSE));
    Function<HttpServletRequest, String> access = guard.get();
    if (access != null) {
      String denied = access.apply(request);
      if (denied != null) {
        write(response, 401, outcome(denied));
        return true;
      }
    }
    Function<HttpServletRequest, Raw> canned = raw.get(path);
    if (canned != null) {
      Raw answer = canned.apply(request);
      if (answer != null) {
        response.setStatus(answer.status());
        response.setContentType(answer.contentType());
        answer.headers().forEach(response::setHeader);
        if (answer.declareLength()) {
          response.setContentLengthLong(answer.body().length);
        }
        var out = response.getOutputStream();
        for (int at = 0; at < answer.body().length; at += 65_536) {
          out.write(answer.body(), at, Math.min(65_536, answer.body().length - at));
          if (!answer.declareLength()) {
            out.flush();
          }
        }
        return true;
      }
    }
    if (path.endsWith("/metadata")) {
      return false;
    }
    switch (mode.get()) {
      case FAIL_500 -> write(response, 500, outcome("source broken"));
      case STALL -> {
        try {
          Thread.sleep(3_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return false;
      }
      case REFUSE -> write(response, 403, SourceContract.professionalRefusal(REFUSAL));
      case REFUSE_422 -> write(response, 422, SourceContract.professionalRefusal(REFUSAL));
      case FORBIDDEN -> write(response, 403, outcome("Geen toegang voor deze client"));
      case UNAUTHORIZED -> write(response, 401, outcome("Token ontbreekt"));
      case TOO_MANY -> {
        response.setHeader("Retry-After", "1");
        write(response, 429, outcome("Te veel verzoeken"));
      }
      case BAD_REQUEST -> write(response, 400, outcome("Onbekende parameter"));
      case INVALID_422 -> write(response, 422, outcome("Ongeldig verzoek"));
      default -> {
        return false;
      }
    }
    return true;
  }

  static OperationOutcome outcome(String diagnostics) {
    OperationOutcome oo = new OperationOutcome();
    oo.addIssue()
        .setSeverity(OperationOutcome.IssueSeverity.ERROR)
        .setCode(OperationOutcome.IssueType.PROCESSING)
        .setDiagnostics(diagnostics);
    return oo;
  }

  private static void write(HttpServletResponse response, int status, IBaseResource body)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/fhir+json");
    response
        .getOutputStream()
        .write(
            FhirContext.forR4Cached()
                .newJsonParser()
                .encodeResourceToString(body)
                .getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  /** One resource type: search by identifier (Patient) or by patient, over the test's records. */
  final class Provider<T extends Resource> implements IResourceProvider {
    private final Class<T> type;

    Provider(Class<T> type) {
      this.type = type;
    }

    @Override
    public Class<T> getResourceType() {
      return type;
    }

    @Search(allowUnknownParams = true)
    public IBundleProvider search(
        @OptionalParam(name = "identifier") TokenParam identifier,
        @OptionalParam(name = "patient") ReferenceParam patient) {
      if (mode.get() == Mode.REFUSE_BY_HAPI_EXCEPTION) {
        throw new ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException(
            REFUSAL, SourceContract.professionalRefusal(REFUSAL));
      }
      List<IBaseResource> hits = new ArrayList<>();
      for (Resource r : records) {
        if (type.isInstance(r)
            && (identifier == null || hasIdentifier(r, identifier))
            && (patient == null || about(r, patient.getIdPart()))) {
          hits.add(r);
        }
      }
      hits.addAll(noise.getOrDefault(type.getSimpleName(), List.of()));
      return new SimpleBundleProvider(hits);
    }
  }

  /** Marks a resource as search noise of the given mode (include, outcome). */
  static <R extends Resource> R asNoise(R resource, BundleEntrySearchModeEnum mode) {
    ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(resource, mode);
    return resource;
  }

  private static boolean hasIdentifier(Resource r, TokenParam token) {
    if (!(r instanceof Patient p)) {
      return false;
    }
    return p.getIdentifier().stream()
        .anyMatch(
            id ->
                (token.getSystem() == null || token.getSystem().equals(id.getSystem()))
                    && token.getValue().equals(id.getValue()));
  }

  private static boolean about(Resource r, String patientId) {
    for (String name : List.of("patient", "subject")) {
      Property property = r.getNamedProperty(name);
      if (property != null) {
        for (Base value : property.getValues()) {
          if (value instanceof Reference ref
              && ref.getReference() != null
              && ref.getReference().endsWith("Patient/" + patientId)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
