package nl.jeugdpoort.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.CurrentUser;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Cheap checks of every FHIR write before anything costly runs: before HAPI parses the body, a
 * per-caller rate limit on writes ({@code 429} with {@code Retry-After}) and an empty body ({@code
 * 400}); and structural limits counted on the raw JSON or XML with a streaming reader — at most
 * {@link #MAX_INPUTS} {@code Task.input}, {@link #MAX_STRING} characters in one value and {@link
 * #MAX_VALUES} values (elements) in all ({@code 422 too-costly}) — so that profile validation only
 * ever sees a resource of bounded size.
 */
@Interceptor
public final class FrontDoor {
  /** {@code Task.input}: every category, the explanation, basis and motivations fit easily. */
  public static final int MAX_INPUTS = 50;

  /** One string value (the explanation and motivations are stored in 4000 characters). */
  public static final int MAX_STRING = 4000;

  /** JSON values (objects, arrays, scalars) or XML elements and attributes in one resource. */
  public static final int MAX_VALUES = 2000;

  /** Nesting of JSON objects and arrays (a FHIR resource needs far fewer). */
  public static final int MAX_DEPTH = 64;

  private static final Set<RestOperationTypeEnum> WRITES =
      Set.of(
          RestOperationTypeEnum.CREATE,
          RestOperationTypeEnum.UPDATE,
          RestOperationTypeEnum.PATCH,
          RestOperationTypeEnum.DELETE,
          RestOperationTypeEnum.TRANSACTION,
          RestOperationTypeEnum.BATCH);
  private static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final JsonFactory JSON = new JsonFactory();
  private static final XMLInputFactory XML = XMLInputFactory.newFactory();

  static {
    XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
  }

  private final RateLimiterRegistry limits;
  private final FhirContext fhir;

  /**
   * @param writesPerPeriod writes one caller may make per {@code period} ({@code
   *     jeugdpoort.http.write-limit}, default 120)
   * @param period {@code jeugdpoort.http.write-period} (default one minute)
   */
  FrontDoor(FhirContext fhir, int writesPerPeriod, Duration period) {
    this.fhir = fhir;
    this.limits =
        RateLimiterRegistry.of(
            RateLimiterConfig.custom()
                .limitForPeriod(writesPerPeriod)
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO)
                .build());
  }

  /**
   * Before HAPI reads anything: the write rate limit per caller (every POST, PUT, PATCH and DELETE)
   * and an empty body ({@code 400}; {@link nl.jeugdpoort.gateway.security.HttpHardeningFilter} has
   * read the body already, so its length is known).
   */
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
  public void beforeParsing(
      jakarta.servlet.http.HttpServletRequest request,
      jakarta.servlet.http.HttpServletResponse response) {
    String method = request.getMethod();
    if (!WRITE_METHODS.contains(method)
        || !org.apache.shiro.SecurityUtils.getSubject().isAuthenticated()) {
      return; // an anonymous write is refused by the access check
    }
    AuthenticatedUser user = CurrentUser.require();
    RateLimiter limiter = limits.rateLimiter(user.username());
    if (!limiter.acquirePermission()) {
      long nanos =
          limiter instanceof AtomicRateLimiter atomic
              ? atomic.getDetailedMetrics().getNanosToWait()
              : 1_000_000_000L;
      long seconds = Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
      throw new UnclassifiedServerFailureException(
              429,
              "Te veel wijzigingen achter elkaar / too many writes: at most "
                  + limiter.getRateLimiterConfig().getLimitForPeriod()
                  + " per "
                  + limiter.getRateLimiterConfig().getLimitRefreshPeriod()
                  + " per caller; try again in "
                  + seconds
                  + " s.")
          .addResponseHeader("Retry-After", String.valueOf(seconds));
    }
    if (!"DELETE".equals(method) && request.getContentLengthLong() <= 0) {
      String path = request.getPathInfo() == null ? "" : request.getPathInfo();
      String type =
          path.startsWith("/") && path.length() > 1 ? path.substring(1).split("/")[0] : "resource";
      throw new InvalidRequestException(
          "The request body is empty: send a FHIR "
              + type
              + " as application/fhir+json or application/fhir+xml.");
    }
  }

  /**
   * Structural limits on the body, after HAPI's (cheap) parse and before the provider's profile
   * validation.
   */
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void check(RequestDetails request, RestOperationTypeEnum type) {
    if (!WRITES.contains(type) || type == RestOperationTypeEnum.DELETE) {
      return;
    }
    byte[] body = request.loadRequestContents();
    if (body == null || isBlank(body)) {
      throw new InvalidRequestException(
          "The request body is empty: send a FHIR "
              + request.getResourceName()
              + " as application/fhir+json or application/fhir+xml.");
    }
    String contentType = request.getHeader("Content-Type");
    String kind = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    String problem = kind.contains("xml") ? xmlProblem(body) : jsonProblem(body);
    if (problem != null) {
      OperationOutcome outcome = new OperationOutcome();
      outcome
          .addIssue()
          .setSeverity(OperationOutcome.IssueSeverity.ERROR)
          .setCode(OperationOutcome.IssueType.TOOCOSTLY)
          .setDiagnostics(problem + " (checked before validation; see docs/security.md).");
      throw new UnprocessableEntityException(fhir, outcome);
    }
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  /**
   * The first limit the JSON exceeds, or null; unreadable JSON is left to the FHIR parser (400).
   */
  public static String jsonProblem(byte[] body) {
    try (JsonParser p = JSON.createParser(body)) {
      int values = 0;
      int depth = 0;
      int inputs = 0;
      boolean inInputs = false;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        switch (t) {
          case START_OBJECT, START_ARRAY -> {
            if (++depth > MAX_DEPTH) {
              throw new InvalidRequestException(
                  "The request body is not a valid FHIR resource (JSON): nesting deeper than "
                      + MAX_DEPTH
                      + " levels.");
            }
            if (t == JsonToken.START_ARRAY && depth == 2 && "input".equals(p.currentName())) {
              inInputs = true;
            } else if (inInputs
                && depth == 3
                && t == JsonToken.START_OBJECT
                && ++inputs > MAX_INPUTS) {
              return "more than " + MAX_INPUTS + " Task.input";
            }
          }
          case END_OBJECT, END_ARRAY -> {
            if (t == JsonToken.END_ARRAY && depth == 2) {
              inInputs = false;
            }
            depth--;
          }
          case VALUE_STRING -> {
            if (p.getTextLength() > MAX_STRING) {
              return "a value of more than " + MAX_STRING + " characters (" + p.currentName() + ")";
            }
          }
          case FIELD_NAME -> {
            if (p.getTextLength() > 200) {
              return "an element name of more than 200 characters";
            }
            continue;
          }
          default -> {}
        }
        if (++values > MAX_VALUES) {
          return "more than " + MAX_VALUES + " values in one resource";
        }
      }
      return null;
    } catch (IOException | IllegalStateException unreadable) {
      return null;
    }
  }

  /**
   * The first limit the XML exceeds, or null; unreadable XML (or a DTD) is left to the FHIR parser
   * (400).
   */
  public static String xmlProblem(byte[] body) {
    XMLStreamReader r = null;
    try {
      r = XML.createXMLStreamReader(new ByteArrayInputStream(body));
      int values = 0;
      int depth = 0;
      int inputs = 0;
      while (r.hasNext()) {
        int event = r.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          depth++;
          if (depth == 2 && "input".equals(r.getLocalName()) && ++inputs > MAX_INPUTS) {
            return "more than " + MAX_INPUTS + " Task.input";
          }
          values += 1 + r.getAttributeCount();
          for (int i = 0; i < r.getAttributeCount(); i++) {
            if (r.getAttributeValue(i).length() > MAX_STRING) {
              return "a value of more than "
                  + MAX_STRING
                  + " characters ("
                  + r.getLocalName()
                  + ")";
            }
          }
          if (values > MAX_VALUES) {
            return "more than " + MAX_VALUES + " values in one resource";
          }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          depth--;
        } else if (event == XMLStreamConstants.CHARACTERS && r.getTextLength() > MAX_STRING) {
          return "a text of more than " + MAX_STRING + " characters";
        }
      }
      return null;
    } catch (XMLStreamException | RuntimeException unreadable) {
      return null;
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException ignored) {
          // nothing to release
        }
      }
    }
  }
}
