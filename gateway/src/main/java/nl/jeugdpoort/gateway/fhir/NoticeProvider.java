package nl.jeugdpoort.gateway.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.Date;
import java.util.List;
import nl.jeugdpoort.fhir.Profiles;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.persistence.NoticeEntity;
import nl.jeugdpoort.gateway.request.RequestAccess;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.CurrentUser;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * The family notices of a request (rule N1) as FHIR {@code Communication}: {@code GET
 * /fhir/Communication?based-on=Task/{id}} and {@code GET /fhir/Communication/{id}}, for the
 * organisations that may see the request.
 */
@Dependent
public class NoticeProvider implements IResourceProvider {
  @Inject Database database;
  @Inject RequestAccess access;
  @Inject nl.jeugdpoort.gateway.onboarding.FamilyReach reach;

  @Override
  public Class<Communication> getResourceType() {
    return Communication.class;
  }

  @Read
  public Communication read(@IdParam IdType id) {
    AuthenticatedUser user = CurrentUser.require();
    NoticeEntity notice = database.read(em -> em.find(NoticeEntity.class, id.getIdPart()));
    if (notice == null) {
      throw access.notFound(id.getResourceType() + "/" + id.getIdPart(), user, "no such notice");
    }
    access.visible(notice.requestId(), user);
    return unreached(toCommunication(notice), reach.unreachedNotices(notice.requestId()));
  }

  @Search
  public List<Communication> forRequest(
      @RequiredParam(name = Communication.SP_BASED_ON) ReferenceParam basedOn) {
    AuthenticatedUser user = CurrentUser.require();
    access.visible(basedOn.getIdPart(), user);
    java.util.Set<String> unreached = reach.unreachedNotices(basedOn.getIdPart());
    return database
        .read(
            em ->
                em.createQuery(
                        "select n from NoticeEntity n where n.requestId = :r order by n.createdAt",
                        NoticeEntity.class)
                    .setParameter("r", basedOn.getIdPart())
                    .getResultList())
        .stream()
        .map(n -> unreached(toCommunication(n), unreached))
        .toList();
  }

  /** Issue #18: a notice that reached nobody (no family account, no e-mail) says so in a note. */
  private static Communication unreached(Communication c, java.util.Set<String> unreachedIds) {
    if (unreachedIds.contains(c.getIdElement().getIdPart())) {
      c.addNote().setText(nl.jeugdpoort.gateway.onboarding.FamilyReach.UNREACHED);
    }
    return c;
  }

  static Communication toCommunication(NoticeEntity n) {
    Communication c = new Communication();
    c.setId(n.id());
    c.getMeta().setLastUpdated(Date.from(n.createdAt())).addProfile(Profiles.NOTICE);
    c.addBasedOn(new Reference("Task/" + n.requestId()));
    c.setStatus(
        "delivered".equals(n.status())
            ? Communication.CommunicationStatus.COMPLETED
            : Communication.CommunicationStatus.PREPARATION);
    c.addCategory(
        new CodeableConcept(
            new Coding(Vocabulary.TASK_PARAMETER, "notice", "Bericht aan de familie")));
    c.addRecipient(new Reference(n.recipientRef()).setDisplay(n.recipientName()));
    c.addMedium(
        new CodeableConcept(
            new Coding(Vocabulary.BASE + "/CodeSystem/notice-channel", n.channel(), null)));
    c.getTopic()
        .setText(
            "before".equals(n.timing())
                ? "Bericht vooraf (N1)"
                : "after".equals(n.timing())
                    ? "Bericht achteraf (N2)"
                    : "Bericht: niets gedeeld na eerder bericht (N1)");
    if (n.deliveredAt() != null) {
      c.setSent(Date.from(n.deliveredAt()));
    }
    c.addPayload().setContent(new StringType(n.text()));
    return c;
  }
}
