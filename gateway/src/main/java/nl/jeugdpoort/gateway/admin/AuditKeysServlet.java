package nl.jeugdpoort.gateway.admin;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import nl.jeugdpoort.gateway.audit.AuditCheckpoints;

/**
 * Public, without login (docs/audit.md): {@code /auth/audit-jwks}, every public key that ever
 * signed an audit checkpoint (a JWK Set), and {@code /auth/audit-checkpoint}, the newest signed
 * checkpoint (a compact JWS; 404 before the first). They hold no personal data: a seq, a hash, a
 * time, keys.
 */
@WebServlet(urlPatterns = {"/auth/audit-jwks", "/auth/audit-checkpoint"})
public class AuditKeysServlet extends HttpServlet {
  @Inject transient AuditCheckpoints checkpoints;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("Cache-Control", "no-cache");
    if (request.getServletPath().equals("/auth/audit-jwks")) {
      response.setContentType("application/jwk-set+json");
      response.getWriter().write(checkpoints.keys().toString(true));
      return;
    }
    Optional<AuditCheckpoints.Checkpoint> latest = checkpoints.latest();
    if (latest.isEmpty()) {
      response.sendError(404, "no audit checkpoint signed yet");
      return;
    }
    response.setContentType("application/jose");
    response.getWriter().write(latest.get().jws());
  }
}
