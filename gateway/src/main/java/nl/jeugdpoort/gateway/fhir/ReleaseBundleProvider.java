package nl.jeugdpoort.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.time.Clock;
import nl.jeugdpoort.gateway.audit.AuditLog;
import nl.jeugdpoort.gateway.audit.AuditRecord;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.ReleaseEntity;
import nl.jeugdpoort.gateway.request.RequestAccess;
import nl.jeugdpoort.gateway.request.RequestAudit;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.CurrentUser;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;

/**
 * {@code GET /fhir/Bundle/{id}}: a release, for the requesting organisation only, until its
 * retention end (E1: then it is deleted) or until an erasure request for it went out (E2: consent
 * withdrawn, retention ended, a recording's trajectory ended); after that it is gone (410, naming
 * the rule). Every read is audited ({@code release-read}) and shown to the family.
 */
@Dependent
public class ReleaseBundleProvider implements IResourceProvider {
  @Inject Database database;
  @Inject RequestAccess access;
  @Inject FhirContext fhir;
  @Inject Clock clock;
  @Inject AuditLog audit;

  @Override
  public Class<Bundle> getResourceType() {
    return Bundle.class;
  }

  @Read
  public Bundle read(@IdParam IdType id) {
    AuthenticatedUser user = CurrentUser.require();
    ReleaseEntity release = database.read(em -> em.find(ReleaseEntity.class, id.getIdPart()));
    if (release == null) {
      throw access.notFound(id.getResourceType() + "/" + id.getIdPart(), user, "no such release");
    }
    DataRequestEntity r = access.asRequester(release.requestId(), user);
    if (release.erasedAt() != null
        || release.bundleJson() == null
        || clock.instant().isAfter(release.retentionEnd())) {
      throw new ResourceGoneException(
          "De bewaartermijn van deze gegevens is verstreken (E1); ze zijn verwijderd.");
    }
    if (release.accessEndedAt() != null) {
      throw new ResourceGoneException(
          "Er is een verwijderverzoek voor deze gegevens verstuurd (E2); ze zijn niet meer "
              + "beschikbaar. Verwijder uw kopie en bevestig dat (GET /fhir/Task?code=erasure-request).");
    }
    Bundle bundle = fhir.newJsonParser().parseResource(Bundle.class, release.bundleJson());
    // A1, issue #20.6: who looked — every read of a release is an entry, shown on the family's
    // timeline.
    database.write(
        em ->
            audit.append(
                em,
                RequestAudit.releaseLooked(
                    r,
                    "release-read",
                    new AuditRecord.Actor(
                        user.username(), user.role(), user.organisationId(), null),
                    CurrentUser.remoteAddress(),
                    "release "
                        + release.id()
                        + " read through the FHIR API ("
                        + bundle.getEntry().size()
                        + " entries)")));
    return bundle;
  }
}
