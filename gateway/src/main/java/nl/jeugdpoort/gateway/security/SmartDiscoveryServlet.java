package nl.jeugdpoort.gateway.security;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Discovery for SMART Backend Services: {@code /.well-known/smart-configuration} (also under {@code
 * /fhir/}, where SMART clients look relative to the FHIR base) and the gateway's public signing key
 * at {@code /auth/jwks}. Every URL in it starts with the configured public base ({@link
 * PublicUrl}).
 */
@WebServlet(
    urlPatterns = {
      "/.well-known/smart-configuration",
      "/fhir/.well-known/smart-configuration",
      "/auth/jwks"
    })
public class SmartDiscoveryServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient GatewayKeys keys;
  @Inject transient PublicUrl publicUrl;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String json;
    if (request.getServletPath().equals("/auth/jwks")) {
      json = JSONObjectUtils.toJSONString(keys.publicKeys().toJSONObject(true));
    } else {
      String base = publicUrl.base(request);
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("issuer", base + "/auth/token");
      config.put("token_endpoint", base + "/auth/token");
      config.put("jwks_uri", base + "/auth/jwks");
      config.put("grant_types_supported", List.of("client_credentials"));
      config.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
      config.put(
          "token_endpoint_auth_signing_alg_values_supported",
          List.of("RS384", "ES384", "RS256", "ES256"));
      config.put(
          "scopes_supported",
          List.of(
              "system/Task.crs",
              "system/Task.rs",
              "system/Bundle.r",
              "system/Communication.rs",
              "system/AuditEvent.s",
              "system/Subscription.crds",
              "system/*.read"));
      config.put(
          "capabilities",
          List.of("client-confidential-asymmetric", "permission-v1", "permission-v2"));
      json = JSONObjectUtils.toJSONString(config);
    }
    response.setContentType("application/json;charset=UTF-8");
    response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
  }
}
