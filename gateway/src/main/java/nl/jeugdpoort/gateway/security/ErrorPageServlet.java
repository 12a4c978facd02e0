package nl.jeugdpoort.gateway.security;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The error page of everything outside the FHIR server (which answers OperationOutcomes itself): a
 * short answer without stack trace or server details — JSON for API clients, plain Dutch text
 * otherwise. The exception goes to the server log (ids only, like every log line).
 */
@WebServlet(urlPatterns = "/error")
public class ErrorPageServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(ErrorPageServlet.class.getName());

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i ? i : 500;
    Throwable error = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    if (error != null) {
      LOG.log(
          Level.SEVERE,
          "Unhandled error on " + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
          error);
    }
    String uri = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
    String text =
        switch (status) {
          case 404 -> "Deze pagina bestaat niet / not found.";
          case 403 -> "U heeft geen toegang tot deze pagina / forbidden.";
          case 405 -> "Deze handeling kan hier niet / method not allowed.";
          default ->
              status >= 500
                  ? "Er ging iets mis bij Jeugdpoort. Probeer het later opnieuw / internal error."
                  : "Dit verzoek is niet goed / bad request.";
        };
    response.setStatus(status);
    if (uri.contains("/api/") || uri.contains("/auth/") || uri.contains("/fhir")) {
      response.setContentType("application/fhir+json;charset=UTF-8");
      response
          .getOutputStream()
          .write(
              ("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\""
                      + (status >= 500 ? "exception" : "processing")
                      + "\",\"diagnostics\":\""
                      + text
                      + "\"}]}")
                  .getBytes(StandardCharsets.UTF_8));
    } else {
      response.setContentType("text/plain;charset=UTF-8");
      response.getOutputStream().write((text + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }
}
