package nl.jeugdpoort.gateway.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.audit.DisclosureReceipts;
import nl.jeugdpoort.gateway.security.SecurityAudit;

/**
 * {@code POST /api/receipts/verify}, public (no login; docs/audit.md "Receipts for families"):
 * anyone checks a disclosure receipt (the compact JWS as the request body). The answer ({@code
 * 200}, JSON) says whether it is valid, and otherwise what is wrong: {@code signature-bad}, {@code
 * entry-not-in-chain}, {@code hash-differs}, {@code not-checkpointed}, {@code chain-broken} or
 * {@code archived}; a body that is no receipt at all is {@code 400} with an OperationOutcome. It
 * returns nothing but the receipt's own claims (once its signature verified) and the signed
 * checkpoint that covers it. Each check is audited ({@code receipt-verify}).
 */
@Path("/receipts")
@RequestScoped
public class ReceiptResource {
  @Inject DisclosureReceipts receipts;
  @Inject SecurityAudit securityAudit;
  @Context HttpServletRequest http;

  @POST
  @Path("/verify")
  @Consumes({MediaType.WILDCARD})
  @Produces(MediaType.APPLICATION_JSON)
  public Response verify(String body) {
    DisclosureReceipts.Verdict v = receipts.verify(body);
    securityAudit.record(
        AuditRecord.of(
                "R",
                "receipt-verify",
                v.valid() ? "success" : "failure",
                SecurityAudit.anonymous(null))
            .withAccessPoint(http.getRemoteAddr())
            .withRules(List.of("A2"))
            .withDetail(
                "API check of a disclosure receipt"
                    + (v.claims() == null
                        ? ""
                        : " of request "
                            + SecurityAudit.printable(
                                Objects.toString(v.claims().get("request"), "")))
                    + ": "
                    + v.check().code()));
    if (v.check() == DisclosureReceipts.Check.MALFORMED && v.claims() == null) {
      throw AdminResource.bad(
          400, "invalid", "Not a Jeugdpoort disclosure receipt: " + v.problem());
    }
    JsonObjectBuilder b =
        Json.createObjectBuilder().add("valid", v.valid()).add("result", v.check().code());
    if (v.problem() != null) {
      b.add("problem", v.problem());
    }
    if (v.checkpointSeq() != null) {
      b.add(
          "checkpoint",
          Json.createObjectBuilder().add("seq", v.checkpointSeq()).add("jws", v.checkpointJws()));
    }
    if (v.claims() != null) {
      b.add("receipt", Json.createObjectBuilder(json(v.claims())));
    }
    return Response.ok(b.build()).build();
  }

  /** The claims as JSON-P wants them (numbers as numbers, maps and lists kept). */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(Map<String, Object> claims) {
    return (Map<String, Object>) (Map<?, ?>) claims;
  }
}
