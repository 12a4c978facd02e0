package nl.jeugdpoort.gateway.onboarding;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CapabilityStatement;

/**
 * Checks an organisation's FHIR base URL before it is stored (issue #18, item 2): an absolute
 * http(s) URL without query or fragment, whose {@code /metadata} answers 200 with a FHIR R4 (4.0.x)
 * CapabilityStatement within the connector's time-outs. Redirects are not followed; at most {@link
 * #MAX_BYTES} are read.
 */
public final class FhirEndpointCheck {
  static final int MAX_BYTES = 4 * 1024 * 1024;

  private final FhirContext fhir;
  private final HttpClient http;
  private final Duration readTimeout;

  public FhirEndpointCheck(FhirContext fhir, Duration connectTimeout, Duration readTimeout) {
    this.fhir = fhir;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.readTimeout = readTimeout;
  }

  /** Why {@code baseUrl} is not a reachable FHIR R4 server, if it is not ("fhirBaseUrl: …"). */
  public Optional<String> problem(String baseUrl) {
    URI base;
    try {
      base = new URI(baseUrl);
    } catch (URISyntaxException e) {
      return Optional.of("fhirBaseUrl: not a URL");
    }
    String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
    if (!base.isAbsolute()
        || !(scheme.equals("http") || scheme.equals("https"))
        || base.getHost() == null
        || base.getRawQuery() != null
        || base.getRawFragment() != null) {
      return Optional.of(
          "fhirBaseUrl: an absolute http or https URL without query or fragment, e.g. https://fhir.example.nl/fhir");
    }
    String metadata = baseUrl.replaceAll("/+$", "") + "/metadata";
    HttpResponse<InputStream> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(URI.create(metadata))
                  .timeout(readTimeout)
                  .header("Accept", "application/fhir+json, application/fhir+xml;q=0.9")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      return Optional.of(
          "fhirBaseUrl: " + metadata + " cannot be reached (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("fhirBaseUrl: the check of " + metadata + " was interrupted");
    } catch (IllegalArgumentException e) {
      return Optional.of("fhirBaseUrl: not a URL");
    }
    String body;
    try (InputStream in = response.body()) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        return Optional.of(
            "fhirBaseUrl: " + metadata + " answered more than " + MAX_BYTES + " bytes");
      }
      body = new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.of("fhirBaseUrl: " + metadata + " broke off its answer");
    }
    if (response.statusCode() != 200) {
      return Optional.of(
          "fhirBaseUrl: " + metadata + " answered HTTP " + response.statusCode() + ", not 200");
    }
    IBaseResource resource;
    try {
      String trimmed = body.stripLeading();
      IParser parser = trimmed.startsWith("<") ? fhir.newXmlParser() : fhir.newJsonParser();
      resource = parser.parseResource(trimmed);
    } catch (DataFormatException | IllegalArgumentException e) {
      return Optional.of("fhirBaseUrl: " + metadata + " did not answer with a FHIR resource");
    }
    if (!(resource instanceof CapabilityStatement statement)) {
      return Optional.of(
          "fhirBaseUrl: "
              + metadata
              + " answered a "
              + resource.fhirType()
              + ", not a CapabilityStatement");
    }
    String version =
        statement.getFhirVersion() == null ? null : statement.getFhirVersion().toCode();
    if (version == null || !version.startsWith("4.0")) {
      return Optional.of(
          "fhirBaseUrl: "
              + metadata
              + " is FHIR "
              + (version == null ? "of no stated version" : version)
              + ", not R4 (4.0.x)");
    }
    return Optional.empty();
  }
}
