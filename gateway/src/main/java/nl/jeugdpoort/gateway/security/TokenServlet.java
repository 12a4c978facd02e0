package nl.jeugdpoort.gateway.security;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OAuth 2.0 token endpoint of SMART Backend Services, {@code POST /auth/token} with a form
 * body: {@code grant_type=client_credentials}, {@code client_assertion_type}, {@code
 * client_assertion} (a JWT signed with a key the client registered) and {@code scope}. Answers RFC
 * 6749 JSON, with {@code Cache-Control: no-store}.
 */
@WebServlet(urlPatterns = "/auth/token")
public class TokenServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient SmartTokens tokens;
  @Inject transient PublicUrl publicUrl;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String type = request.getContentType();
    if (type == null || !type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
      write(
          response,
          new SmartTokens.Refused(
              400, "invalid_request", "the body must be application/x-www-form-urlencoded"));
      return;
    }
    Map<String, String> params = new HashMap<>();
    for (Map.Entry<String, String[]> p : request.getParameterMap().entrySet()) {
      if (p.getValue().length != 1) {
        write(
            response,
            new SmartTokens.Refused(
                400,
                "invalid_request",
                "parameter '" + SecurityAudit.printable(p.getKey()) + "' is repeated"));
        return;
      }
      params.put(p.getKey(), p.getValue()[0]);
    }
    write(
        response,
        tokens.issue(params, publicUrl.base(request) + "/auth/token", request.getRemoteAddr()));
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("Allow", "POST");
    write(
        response,
        new SmartTokens.Refused(
            405, "invalid_request", "use POST with a form body (SMART Backend Services)"));
  }

  private static void write(HttpServletResponse response, SmartTokens.TokenResponse answer)
      throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    if (answer instanceof SmartTokens.Granted g) {
      response.setStatus(200);
      json.put("access_token", g.accessToken());
      json.put("token_type", "bearer");
      json.put("expires_in", g.expiresIn());
      json.put("scope", g.scope());
    } else if (answer instanceof SmartTokens.Refused r) {
      response.setStatus(r.status());
      if (r.status() == 401) {
        response.setHeader(
            "WWW-Authenticate", "Bearer realm=\"Jeugdpoort\", error=\"" + r.error() + "\"");
      }
      json.put("error", r.error());
      json.put("error_description", r.description());
    }
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Pragma", "no-cache");
    response.setContentType("application/json;charset=UTF-8");
    response
        .getOutputStream()
        .write(JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8));
  }
}
