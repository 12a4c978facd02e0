package nl.jeugdpoort.connectors.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;

/** A real FHIR server on a real port, whose behaviour a test can switch: answer, fail, stall, refuse. */
final class TestSourceServer implements AutoCloseable {
  enum Mode { ANSWER, FAIL_500, STALL, REFUSE }

  static final String BSN = "111222333";
  final AtomicReference<Mode> mode = new AtomicReference<>(Mode.ANSWER);
  final AtomicInteger calls = new AtomicInteger();
  final AtomicReference<String> lastPurpose = new AtomicReference<>();
  private final Server server = new Server();
  private final int port;

  TestSourceServer() throws Exception {
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    RestfulServer fhir = new RestfulServer(FhirContext.forR4Cached());
    fhir.setResourceProviders(new PatientProvider(), new RelatedPersonProvider(), new CarePlanProvider());
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(fhir), "/fhir/*");
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port + "/fhir");
  }

  private void behave(HttpServletRequest request) {
    calls.incrementAndGet();
    lastPurpose.set(request.getHeader(FhirRestSourceConnector.HEADER_PURPOSE));
    switch (mode.get()) {
      case FAIL_500 -> throw new InternalErrorException("source broken");
      case STALL -> {
        try {
          Thread.sleep(3_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      case REFUSE -> throw new ForbiddenOperationException("Beroepsgeheim: overleg eerst met de behandelaar.");
      default -> { }
    }
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  class PatientProvider implements IResourceProvider {
    @Override
    public Class<Patient> getResourceType() {
      return Patient.class;
    }

    @Search
    public List<Patient> search(@OptionalParam(name = Patient.SP_IDENTIFIER) TokenParam identifier, HttpServletRequest request) {
      behave(request);
      if (identifier == null || !BSN.equals(identifier.getValue())) {
        return List.of();
      }
      Patient p = new Patient();
      p.setId("p1");
      p.addIdentifier(new Identifier().setSystem(FhirRestSourceConnector.BSN_SYSTEM).setValue(BSN));
      return List.of(p);
    }
  }

  class RelatedPersonProvider implements IResourceProvider {
    @Override
    public Class<RelatedPerson> getResourceType() {
      return RelatedPerson.class;
    }

    @Search
    public List<RelatedPerson> search(@OptionalParam(name = RelatedPerson.SP_PATIENT) ReferenceParam patient, HttpServletRequest request) {
      behave(request);
      RelatedPerson mother = new RelatedPerson(new Reference("Patient/p1"));
      mother.setId("rp1");
      return List.of(mother);
    }
  }

  class CarePlanProvider implements IResourceProvider {
    @Override
    public Class<CarePlan> getResourceType() {
      return CarePlan.class;
    }

    @Search
    public List<CarePlan> search(
        @OptionalParam(name = CarePlan.SP_PATIENT) ReferenceParam patient,
        @OptionalParam(name = "_tag") TokenParam tag,
        HttpServletRequest request) {
      behave(request);
      if (tag == null || !"care-plan".equals(tag.getValue()) || patient == null || !"p1".equals(patient.getIdPart())) {
        return List.of();
      }
      CarePlan plan = new CarePlan();
      plan.setId("cp1");
      plan.setTitle("Plan");
      plan.getMeta().addTag(FhirRestSourceConnector.CATEGORY_TAG_SYSTEM, "care-plan", null);
      return List.of(plan);
    }
  }
}
