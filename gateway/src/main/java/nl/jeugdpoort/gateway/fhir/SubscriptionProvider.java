package nl.jeugdpoort.gateway.fhir;

import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import nl.jeugdpoort.gateway.persistence.SubscriptionEntity;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.CurrentUser;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import nl.jeugdpoort.gateway.subscription.SubscriptionResources;
import nl.jeugdpoort.gateway.subscription.Subscriptions;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Subscription;

/**
 * {@code /fhir/Subscription} (issue #16, item 3): an organisation's professionals and systems make,
 * read, list and delete the subscriptions of their organisation — R4 Subscriptions of the
 * subscriptions backport on the one topic {@value Subscriptions#TOPIC}, rest-hook, payload {@code
 * id-only} or {@code empty} — and ask one's {@code $status}. Another organisation's subscription is
 * answered as not found.
 */
@Dependent
public class SubscriptionProvider implements IResourceProvider {
  @Inject Subscriptions subscriptions;
  @Inject SecurityAudit securityAudit;
  @Inject Clock clock;

  @Override
  public Class<Subscription> getResourceType() {
    return Subscription.class;
  }

  @Create
  public MethodOutcome create(@ResourceParam Subscription subscription) {
    AuthenticatedUser user = CurrentUser.require();
    if (subscription == null) {
      throw new UnprocessableEntityException("A Subscription resource is needed in the body.");
    }
    try {
      SubscriptionEntity s =
          subscriptions.create(user, SubscriptionResources.input(subscription, clock.instant()));
      return new MethodOutcome(new IdType("Subscription", s.id()), true)
          .setResource(SubscriptionResources.toFhir(s, clock.instant()));
    } catch (SubscriptionResources.Invalid e) {
      throw new UnprocessableEntityException(e.getMessage());
    } catch (Subscriptions.Refused e) {
      throw answer(user, e, "create Subscription");
    }
  }

  @Read
  public Subscription read(@IdParam IdType id) {
    AuthenticatedUser user = CurrentUser.require();
    return SubscriptionResources.toFhir(own(user, id, "read"), clock.instant());
  }

  /** The organisation's subscriptions, newest first (deleted ones as {@code off}). */
  @Search
  public List<Subscription> ofOrganisation() {
    java.time.Instant now = clock.instant();
    return subscriptions.ofOrganisation(CurrentUser.require()).stream()
        .map(s -> SubscriptionResources.toFhir(s, now))
        .toList();
  }

  /** Switches the subscription off: nothing more is sent to its endpoint. */
  @Delete
  public MethodOutcome delete(@IdParam IdType id) {
    AuthenticatedUser user = CurrentUser.require();
    try {
      subscriptions.delete(user, id.getIdPart());
    } catch (Subscriptions.Refused e) {
      throw answer(user, e, "delete Subscription/" + id.getIdPart());
    }
    return new MethodOutcome(id);
  }

  /** The subscriptions backport's {@code $status}: where the subscription stands. */
  @Operation(name = "$status", idempotent = true)
  public Bundle status(@IdParam IdType id, RequestDetails request) {
    AuthenticatedUser user = CurrentUser.require();
    return SubscriptionResources.statusBundle(
        own(user, id, "$status"), request.getFhirServerBase(), clock.instant());
  }

  private SubscriptionEntity own(AuthenticatedUser user, IdType id, String what) {
    try {
      return subscriptions.own(user, id.getIdPart());
    } catch (Subscriptions.Refused e) {
      throw answer(user, e, what + " Subscription/" + id.getIdPart());
    }
  }

  private RuntimeException answer(AuthenticatedUser user, Subscriptions.Refused e, String what) {
    return switch (e.why()) {
      case INVALID, TOO_MANY -> new UnprocessableEntityException(e.getMessage());
      case NOT_FOUND -> {
        securityAudit.refused(
            user,
            CurrentUser.remoteAddress(),
            what,
            "no such subscription of the organisation (404)",
            List.of());
        yield new ResourceNotFoundException(CleanOutcomes.NOT_FOUND);
      }
    };
  }
}
