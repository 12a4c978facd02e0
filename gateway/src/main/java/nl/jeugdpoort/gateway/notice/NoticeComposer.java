package nl.jeugdpoort.gateway.notice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.NoticeEntity;
import nl.jeugdpoort.gateway.source.SourceDirectory;
import nl.jeugdpoort.gateway.text.Dutch;
import nl.jeugdpoort.gateway.text.FamilyRole;
import nl.jeugdpoort.gateway.text.NoticeTexts;
import nl.jeugdpoort.gateway.text.NoticeTexts.Facts;
import nl.jeugdpoort.gateway.text.NoticeTexts.Objector;
import nl.jeugdpoort.gateway.text.NoticeTexts.Refusal;
import nl.jeugdpoort.gateway.text.NoticeTexts.Situation;
import nl.jeugdpoort.gateway.text.TextTemplates;
import nl.jeugdpoort.policy.LegalBasis;
import nl.jeugdpoort.policy.ObjectionRecord;
import nl.jeugdpoort.policy.catalogue.PurposeCatalogue;
import nl.jeugdpoort.policy.objection.ObjectionRules;

/**
 * Translates a stored request and a notice's reader into the {@link NoticeTexts.Facts} of a notice,
 * and renders it (issue #13): the organisations by name, the kinds of data and the purpose in the
 * catalogue's words, the legal basis in words, the link to the request on the reader's portal page.
 */
@ApplicationScoped
public class NoticeComposer {
  @Inject PurposeCatalogue catalogue;
  @Inject SourceDirectory directory;
  @Inject MailSettings mail;
  @Inject TextTemplates templates;

  /** The reader of a notice: who, their role, and the youth as that family names them. */
  public record Reader(
      String personId,
      String name,
      FamilyRole role,
      String childFirstName,
      LocalDate childBirthDate) {}

  /** The reader a stored notice was composed for. */
  public static Reader reader(NoticeEntity n) {
    FamilyRole role =
        n.recipientRole() == null
            ? FamilyRole.of(nl.jeugdpoort.policy.Person.Relation.valueOf(n.recipientRelation()))
            : FamilyRole.valueOf(n.recipientRole());
    return new Reader(
        n.recipientRef(),
        n.recipientName(),
        role,
        n.youthFirstName() == null ? "" : n.youthFirstName(),
        n.youthBirthDate());
  }

  /** The notice for one reader. {@code categories} are codes; the notice names them in words. */
  public TextTemplates.Message compose(
      Situation situation,
      DataRequestEntity r,
      Reader reader,
      LocalDate today,
      Collection<String> categories,
      Instant windowEnd,
      Instant releasedAt,
      boolean afterwards,
      List<Objector> objectors,
      Refusal refusal,
      List<String> refusalReasons) {
    return new NoticeTexts(templates)
        .compose(
            facts(
                situation,
                r,
                reader,
                today,
                categories,
                windowEnd,
                releasedAt,
                afterwards,
                objectors,
                refusal,
                refusalReasons));
  }

  Facts facts(
      Situation situation,
      DataRequestEntity r,
      Reader reader,
      LocalDate today,
      Collection<String> categories,
      Instant windowEnd,
      Instant releasedAt,
      boolean afterwards,
      List<Objector> objectors,
      Refusal refusal,
      List<String> refusalReasons) {
    var purpose = catalogue.purpose(r.purpose());
    LegalBasis basis = LegalBasis.fromCode(r.legalBasis()).orElse(null);
    boolean motivated = r.motivation() != null && !r.motivation().isBlank();
    return new Facts(
        situation,
        reader.personId(),
        reader.name(),
        reader.role(),
        reader.childFirstName(),
        reader.childBirthDate(),
        today,
        r.requesterName(),
        catalogue.roles().getOrDefault(r.requesterRole(), r.requesterRole()),
        directory.name(r.requesterOrg()),
        directory.name(r.sourceOrg()),
        categories.stream().sorted().map(catalogue::categoryDisplay).toList(),
        purpose.map(p -> p.display()).orElse(r.purpose()),
        purpose.map(p -> p.definition()).orElse(""),
        r.explanation(),
        basis == null ? r.legalBasis() : basis.dutch(),
        basis != null && basis.isOverriding() && motivated,
        motivated ? r.motivation() : null,
        afterwards,
        r.delayedNoticeMotivation(),
        windowEnd,
        releasedAt,
        objectors,
        refusal,
        refusalReasons,
        link(r.id()));
  }

  /**
   * The request on the family's portal page (the timeline entry {@code #verzoek-{id}} of {@code
   * /portal/}).
   */
  public String link(String requestId) {
    String base = mail.portalUrl();
    return (base.endsWith("/") ? base : base + "/") + "#verzoek-" + requestId;
  }

  /**
   * Who objected to what this request would share: every active objection matching its recipient
   * and purpose and one of the categories (O1), by person, with the role the family knows them by.
   */
  public static List<Objector> objectors(
      List<ObjectionRecord> objections,
      DataRequestEntity r,
      Collection<String> categories,
      Instant now,
      Map<String, FamilyRole> roles) {
    Map<String, Objector> out = new LinkedHashMap<>();
    for (ObjectionRecord o : objections) {
      if (!ObjectionRules.isActive(o, now) || o.lodgedBy() == null) {
        continue;
      }
      boolean matches =
          categories.stream()
              .anyMatch(c -> ObjectionRules.matches(o, r.requesterOrg(), r.purpose(), c));
      if (matches) {
        out.putIfAbsent(
            o.lodgedBy(),
            new Objector(o.lodgedBy(), roles.getOrDefault(o.lodgedBy(), FamilyRole.PARENT)));
      }
    }
    return new ArrayList<>(out.values());
  }

  /**
   * The objectors as stored on a notice: "ROLE person-id" entries, comma-separated (null for none).
   */
  public static String store(List<Objector> objectors) {
    if (objectors.isEmpty()) {
      return null;
    }
    return String.join(
        ",", objectors.stream().map(o -> o.role().name() + " " + o.personId()).toList());
  }

  /** The objectors a notice was composed with. */
  public static List<Objector> objectors(NoticeEntity n) {
    List<Objector> out = new ArrayList<>();
    if (n.objectedBy() == null || n.objectedBy().isBlank()) {
      return out;
    }
    for (String entry : n.objectedBy().split(",")) {
      int space = entry.indexOf(' ');
      if (space > 0) {
        out.add(
            new Objector(
                entry.substring(space + 1), FamilyRole.valueOf(entry.substring(0, space))));
      }
    }
    return out;
  }

  /** Today in Amsterdam. */
  public static LocalDate today(Instant now) {
    return Dutch.day(now);
  }
}
