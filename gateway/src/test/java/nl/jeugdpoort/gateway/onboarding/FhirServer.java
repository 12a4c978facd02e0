package nl.jeugdpoort.gateway.onboarding;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations;

/**
 * A small real HTTP server on loopback answering {@code /metadata} under a few base paths: {@code
 * /r4} a FHIR R4 CapabilityStatement (JSON), {@code /r4xml} the same in XML, {@code /stu3} one
 * stating FHIR 3.0.2, {@code /patient} a Patient, {@code /html} a web page, anything else 404.
 */
final class FhirServer implements AutoCloseable {
  private final HttpServer server;

  FhirServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FhirContext fhir = FhirContext.forR4Cached();
    CapabilityStatement r4 = new CapabilityStatement();
    r4.setStatus(Enumerations.PublicationStatus.ACTIVE)
        .setDate(new Date())
        .setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE)
        .setFhirVersion(Enumerations.FHIRVersion._4_0_1)
        .addFormat("json");
    CapabilityStatement stu3 = r4.copy().setFhirVersion(Enumerations.FHIRVersion._3_0_2);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          String body;
          String type = "application/fhir+json";
          int status = 200;
          switch (path) {
            case "/r4/metadata" -> body = fhir.newJsonParser().encodeResourceToString(r4);
            case "/r4xml/metadata" -> {
              body = fhir.newXmlParser().encodeResourceToString(r4);
              type = "application/fhir+xml";
            }
            case "/stu3/metadata" -> body = fhir.newJsonParser().encodeResourceToString(stu3);
            case "/patient/metadata" -> body = "{\"resourceType\":\"Patient\",\"id\":\"p\"}";
            case "/html/metadata" -> {
              body = "<html><body>Welkom</body></html>";
              type = "text/html";
            }
            default -> {
              body = "{\"resourceType\":\"OperationOutcome\"}";
              status = 404;
            }
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", type);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  String url(String base) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + base;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
