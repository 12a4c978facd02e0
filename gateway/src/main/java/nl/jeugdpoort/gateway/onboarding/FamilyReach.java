package nl.jeugdpoort.gateway.onboarding;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.NoticeEntity;

/**
 * Who of the family a request's notices did not reach (issue #18, item 5): a person with neither a
 * family account (to read the portal inbox) nor an e-mail address at the source (no e-mail was
 * sent). The requester and the privacy officer see it ("de familie kon niet worden bereikt") on the
 * notice and the request page, and can hand over an activation code or tell the family another way.
 */
@ApplicationScoped
public class FamilyReach {
  /** The sentence professionals and privacy officers read on an unreached notice. */
  public static final String UNREACHED =
      "De familie kon niet worden bereikt: deze persoon heeft geen account in Jeugdpoort "
          + "en de bron kent geen e-mailadres. Geef een activeringscode of laat het de familie op een andere manier weten.";

  @Inject Database database;

  /** The ids of the request's notices that reached nobody. */
  public Set<String> unreachedNotices(String requestId) {
    return database.read(
        em ->
            Set.copyOf(
                em.createQuery(
                        "select n.id from NoticeEntity n, DataRequestEntity r "
                            + "where n.requestId = :r and r.id = n.requestId "
                            + "and not exists (select d from NoticeDeliveryEntity d where d.noticeId = n.id) "
                            + "and not exists (select a from AccountEntity a where a.personRef = n.recipientRef and a.youthBsn = r.youthBsn)",
                        String.class)
                    .setParameter("r", requestId)
                    .getResultList()));
  }

  /**
   * A person the request's notices reached by nothing: the latest notice to them, and their name.
   */
  public record Unreached(String noticeId, String personRef, String name) {}

  /** The people of the request's notices who were reached by nothing, once each. */
  public List<Unreached> unreachedPeople(String requestId) {
    Set<String> ids = unreachedNotices(requestId);
    if (ids.isEmpty()) {
      return List.of();
    }
    List<NoticeEntity> notices =
        database.read(
            em ->
                em.createQuery(
                        "select n from NoticeEntity n where n.id in :ids order by n.createdAt desc",
                        NoticeEntity.class)
                    .setParameter("ids", ids)
                    .getResultList());
    Map<String, Unreached> byPerson = new LinkedHashMap<>();
    for (NoticeEntity n : notices) {
      byPerson.putIfAbsent(
          n.recipientRef(),
          new Unreached(
              n.id(),
              n.recipientRef(),
              n.recipientName() == null ? n.recipientRef() : n.recipientName()));
    }
    return List.copyOf(byPerson.values());
  }
}
