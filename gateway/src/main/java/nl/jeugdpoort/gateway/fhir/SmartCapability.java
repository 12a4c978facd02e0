package nl.jeugdpoort.gateway.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.gateway.subscription.SubscriptionResources;
import nl.jeugdpoort.gateway.subscription.Subscriptions;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/**
 * Advertises how to authenticate in the served CapabilityStatement ({@code rest.security}): SMART
 * on FHIR with the token endpoint in the {@code oauth-uris} extension, as SMART Backend Services
 * clients expect, next to {@code /.well-known/smart-configuration}.
 */
@Interceptor
public final class SmartCapability {
  static final String OAUTH_URIS =
      "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void addSecurity(IBaseConformance generated, RequestDetails request) {
    if (!(generated instanceof CapabilityStatement cs) || !cs.hasRest()) {
      return;
    }
    // The server base comes from PublicUrl (FhirServlet's address strategy), never from the Host
    // header.
    String fhirBase = request.getFhirServerBase();
    String root =
        fhirBase.endsWith("/fhir")
            ? fhirBase.substring(0, fhirBase.length() - "/fhir".length())
            : fhirBase;
    CapabilityStatement.CapabilityStatementRestSecurityComponent security =
        cs.getRestFirstRep().getSecurity();
    security.setCors(false);
    security.addService(
        new CodeableConcept(
            new Coding(
                "http://terminology.hl7.org/CodeSystem/restful-security-service",
                "SMART-on-FHIR",
                "SMART-on-FHIR")));
    security.setDescription(
        "Organisation systems: SMART Backend Services (client credentials with a private_key_jwt "
            + "client assertion) at "
            + root
            + "/auth/token, then 'Authorization: Bearer'. People: HTTP Basic. "
            + "See /.well-known/smart-configuration.");
    Extension uris = security.addExtension().setUrl(OAUTH_URIS);
    uris.addExtension("token", new UriType(root + "/auth/token"));
    // The recording registry's operations are defined in the package, not by HAPI's generated
    // OperationDefinitions: name the package's canonicals.
    for (CapabilityStatement.CapabilityStatementRestResourceComponent r :
        cs.getRestFirstRep().getResource()) {
      if ("Subscription".equals(r.getType())) {
        // The subscriptions backport: the topic served, and its own $status operation.
        r.addExtension(
            SubscriptionResources.TOPIC_CANONICAL, new CanonicalType(Subscriptions.TOPIC));
        r.addSupportedProfile(SubscriptionResources.PROFILE);
        for (CapabilityStatement.CapabilityStatementRestResourceOperationComponent o :
            r.getOperation()) {
          o.setName("status");
          o.setDefinition(SubscriptionResources.STATUS_OPERATION);
        }
      }
      if ("DocumentReference".equals(r.getType())) {
        for (CapabilityStatement.CapabilityStatementRestResourceOperationComponent o :
            r.getOperation()) {
          String name = o.getName().startsWith("$") ? o.getName().substring(1) : o.getName();
          o.setName(name);
          o.setDefinition(Vocabulary.BASE + "/OperationDefinition/recording-" + name);
        }
      }
    }
  }
}
