package nl.jeugdpoort.gateway.request;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.RequestStatus;

/** Requests that wait (N3 objection window) and requests left unfinished by a restart. */
@ApplicationScoped
public class HeldRequests {
  @Inject Database database;
  @Inject Clock clock;

  /** Held requests whose objection window has ended: back into the route, which decides again. */
  public List<String> due() {
    List<String> ids = database.read(em -> em.createQuery(
            "select r.id from DataRequestEntity r where r.businessStatus = :held and r.holdUntil <= :now", String.class)
        .setParameter("held", RequestStatus.HELD_OBJECTION_WINDOW)
        .setParameter("now", clock.instant())
        .getResultList());
    ids.forEach(id -> database.write(em -> {
      em.find(DataRequestEntity.class, id).moveTo(RequestStatus.FETCHING, null, clock.instant());
      return null;
    }));
    return ids;
  }

  /** Requests a restart interrupted: every one not final and not held. */
  public List<String> unfinished() {
    return database.read(em -> em.createQuery(
            "select r.id from DataRequestEntity r where r.businessStatus in :open order by r.createdAt", String.class)
        .setParameter("open", List.of(RequestStatus.RECEIVED, RequestStatus.WAITING_FOR_NOTICE, RequestStatus.FETCHING))
        .getResultList());
  }
}
