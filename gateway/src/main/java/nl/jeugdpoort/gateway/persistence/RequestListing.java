package nl.jeugdpoort.gateway.persistence;

import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The list queries that stay flat as the database grows (issue #16): every filter in SQL before the
 * page is cut, a page of at most {@code count} rows fetched with one more to know whether another
 * page follows, and what each listed row needs from other tables (its notices, organisation names)
 * in one query per table for the whole page, never one per row. The indexes these queries use are
 * in migration V16.
 */
public final class RequestListing {
  /** The most rows one page may hold. */
  public static final int MAX_ROWS = 1000;

  private final Database database;

  public RequestListing(Database database) {
    this.database = database;
  }

  /** One page of rows, newest first, and whether more follow. */
  public record Page<T>(List<T> rows, boolean more) {}

  /**
   * The requests of {@code requesterOrg}, newest first (ties by id), filtered by FHIR Task status
   * codes and by business statuses (an empty set: no filter), from row {@code offset}, at most
   * {@code count} rows.
   */
  public Page<DataRequestEntity> ofRequester(
      String requesterOrg,
      Set<String> taskStatuses,
      Set<RequestStatus> businessStatuses,
      int offset,
      int count) {
    checkPage(offset, count);
    StringBuilder jpql =
        new StringBuilder("select r from DataRequestEntity r where r.requesterOrg = :org");
    if (!taskStatuses.isEmpty()) {
      jpql.append(" and r.status in :statuses");
    }
    if (!businessStatuses.isEmpty()) {
      jpql.append(" and r.businessStatus in :business");
    }
    jpql.append(" order by r.createdAt desc, r.id desc");
    return database.read(
        em -> {
          TypedQuery<DataRequestEntity> query =
              em.createQuery(jpql.toString(), DataRequestEntity.class)
                  .setParameter("org", requesterOrg);
          if (!taskStatuses.isEmpty()) {
            query.setParameter("statuses", taskStatuses);
          }
          if (!businessStatuses.isEmpty()) {
            query.setParameter("business", businessStatuses);
          }
          return page(query, offset, count);
        });
  }

  /**
   * The requests an organisation made or was the source of, newest first, from {@code offset}, at
   * most {@code count} (the professional's list in the portal). Two index range scans merged, not a
   * scan of the table.
   */
  public Page<DataRequestEntity> ofOrganisation(String org, int offset, int count) {
    checkPage(offset, count);
    // An "or" over two columns defeats both indexes; the two sides are read separately, each newest
    // first and at
    // most offset + count + 1 rows, and merged (a request made by an organisation from itself
    // appears once).
    int needed = offset + count + 1;
    List<DataRequestEntity> asked =
        database.read(
            em ->
                em.createQuery(
                        "select r from DataRequestEntity r "
                            + "where r.requesterOrg = :org order by r.createdAt desc, r.id desc",
                        DataRequestEntity.class)
                    .setParameter("org", org)
                    .setMaxResults(needed)
                    .getResultList());
    List<DataRequestEntity> held =
        database.read(
            em ->
                em.createQuery(
                        "select r from DataRequestEntity r "
                            + "where r.sourceOrg = :org and r.requesterOrg <> :org order by r.createdAt desc, r.id desc",
                        DataRequestEntity.class)
                    .setParameter("org", org)
                    .setMaxResults(needed)
                    .getResultList());
    return mergeNewestFirst(asked, held, offset, count);
  }

  /**
   * The requests flagged for a privacy review (S1, O2, N2) that an organisation made or was the
   * source of, newest first, at most {@code count}.
   */
  public Page<DataRequestEntity> flaggedForReview(String org, int offset, int count) {
    checkPage(offset, count);
    int needed = offset + count + 1;
    List<DataRequestEntity> asked =
        database.read(
            em ->
                em.createQuery(
                        "select r from DataRequestEntity r "
                            + "where r.requesterOrg = :org and r.reviewRequired = true order by r.createdAt desc, r.id desc",
                        DataRequestEntity.class)
                    .setParameter("org", org)
                    .setMaxResults(needed)
                    .getResultList());
    List<DataRequestEntity> held =
        database.read(
            em ->
                em.createQuery(
                        "select r from DataRequestEntity r "
                            + "where r.sourceOrg = :org and r.requesterOrg <> :org and r.reviewRequired = true "
                            + "order by r.createdAt desc, r.id desc",
                        DataRequestEntity.class)
                    .setParameter("org", org)
                    .setMaxResults(needed)
                    .getResultList());
    return mergeNewestFirst(asked, held, offset, count);
  }

  /**
   * The ids of the notices of each request, in the order they were made: one query for all of them.
   */
  public Map<String, List<String>> noticeIds(Collection<String> requestIds) {
    Map<String, List<String>> out = new HashMap<>();
    if (requestIds.isEmpty()) {
      return out;
    }
    List<Object[]> rows =
        database.read(
            em ->
                em.createQuery(
                        "select n.requestId, n.id from NoticeEntity n "
                            + "where n.requestId in :ids order by n.createdAt, n.id",
                        Object[].class)
                    .setParameter("ids", List.copyOf(requestIds))
                    .getResultList());
    for (Object[] row : rows) {
      out.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((String) row[1]);
    }
    return out;
  }

  /** The notices afterwards (N2) of each request: one query for all of them. */
  public Map<String, List<NoticeEntity>> noticesAfterwards(Collection<String> requestIds) {
    Map<String, List<NoticeEntity>> out = new HashMap<>();
    if (requestIds.isEmpty()) {
      return out;
    }
    for (NoticeEntity n :
        database.read(
            em ->
                em.createQuery(
                        "select n from NoticeEntity n where n.requestId in :ids "
                            + "and n.timing = 'after' order by n.createdAt, n.id",
                        NoticeEntity.class)
                    .setParameter("ids", List.copyOf(requestIds))
                    .getResultList())) {
      out.computeIfAbsent(n.requestId(), k -> new ArrayList<>()).add(n);
    }
    return out;
  }

  /**
   * The display names of the organisations (an unknown id is its own name): one query for all of
   * them.
   */
  public Map<String, String> organisationNames(Collection<String> ids) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> wanted = ids.stream().filter(java.util.Objects::nonNull).distinct().toList();
    if (wanted.isEmpty()) {
      return out;
    }
    for (Object[] row :
        database.read(
            em ->
                em.createQuery(
                        "select o.id, o.name from OrganisationEntity o where o.id in :ids",
                        Object[].class)
                    .setParameter("ids", wanted)
                    .getResultList())) {
      out.put((String) row[0], (String) row[1]);
    }
    wanted.forEach(id -> out.putIfAbsent(id, id));
    return out;
  }

  private static void checkPage(int offset, int count) {
    if (offset < 0 || count < 1 || count > MAX_ROWS) {
      throw new IllegalArgumentException("offset must be 0 or more and count 1 to " + MAX_ROWS);
    }
  }

  private static Page<DataRequestEntity> page(
      TypedQuery<DataRequestEntity> query, int offset, int count) {
    List<DataRequestEntity> rows =
        query.setFirstResult(offset).setMaxResults(count + 1).getResultList();
    return rows.size() > count
        ? new Page<>(List.copyOf(rows.subList(0, count)), true)
        : new Page<>(List.copyOf(rows), false);
  }

  /**
   * Two lists, each newest first, merged newest first (ties by id, descending); then the page of
   * it.
   */
  static Page<DataRequestEntity> mergeNewestFirst(
      List<DataRequestEntity> a, List<DataRequestEntity> b, int offset, int count) {
    List<DataRequestEntity> merged = new ArrayList<>(a.size() + b.size());
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (j >= b.size() || i < a.size() && newerOrSame(a.get(i), b.get(j))) {
        merged.add(a.get(i++));
      } else {
        merged.add(b.get(j++));
      }
    }
    if (offset >= merged.size()) {
      return new Page<>(List.of(), false);
    }
    List<DataRequestEntity> from = merged.subList(offset, merged.size());
    return from.size() > count
        ? new Page<>(List.copyOf(from.subList(0, count)), true)
        : new Page<>(List.copyOf(from), false);
  }

  private static boolean newerOrSame(DataRequestEntity x, DataRequestEntity y) {
    int byTime = x.createdAt().compareTo(y.createdAt());
    return byTime > 0 || byTime == 0 && x.id().compareTo(y.id()) >= 0;
  }
}
