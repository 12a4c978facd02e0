package nl.jeugdpoort.gateway.recording;

import java.util.Date;
import nl.jeugdpoort.fhir.Profiles;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.gateway.persistence.RecordingEntity;
import nl.jeugdpoort.policy.Recording;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * A registered recording as FHIR: a {@code DocumentReference} of profile jp-recording, its id the
 * registry's, {@code masterIdentifier} the holder's id, {@code custodian} the holder, and in the
 * metadata extension {@code erase-original} once the gateway asked the holder to erase the original
 * (V5). The registry keeps no content, so {@code content} names the original by its holder's id.
 */
public final class RecordingResources {
  /** The system of {@code masterIdentifier}: the holder's own ids of its recordings. */
  public static final String SOURCE_ID_SYSTEM =
      Vocabulary.BASE + "/NamingSystem/recording-at-holder";

  private RecordingResources() {}

  public static DocumentReference toFhir(RecordingEntity r) {
    DocumentReference doc = new DocumentReference();
    doc.setId(r.id());
    doc.getMeta().addProfile(Profiles.RECORDING);
    doc.getMeta().setLastUpdatedElement(new InstantType(Date.from(r.updatedAt())));
    doc.setMasterIdentifier(new Identifier().setSystem(SOURCE_ID_SYSTEM).setValue(r.sourceId()));
    doc.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
    doc.setType(new CodeableConcept(new Coding(Vocabulary.RECORDING_KIND, r.kind(), null)));
    doc.setSubject(
        new Reference()
            .setIdentifier(new Identifier().setSystem(Vocabulary.BSN).setValue(r.youthBsn())));
    doc.setCustodian(
        new Reference()
            .setIdentifier(
                new Identifier().setSystem(Vocabulary.ORGANISATION).setValue(r.sourceOrg())));
    doc.setDate(Date.from(r.registeredAt()));
    if (r.description() != null) {
      doc.setDescription(r.description());
    }
    doc.addContent()
        .getAttachment()
        .setContentType("video/mp4")
        .setUrl("urn:jeugdpoort:recording:" + r.sourceOrg() + ":" + r.sourceId());
    Extension m = new Extension(Profiles.RECORDING_METADATA);
    m.addExtension("owner", new Reference(r.ownerRef()));
    m.addExtension("maker", new StringType(r.maker()));
    r.depictedFamilies().forEach(f -> m.addExtension("depicted-family", new StringType(f)));
    m.addExtension("registered-hash", new StringType(r.registeredHash()));
    if (r.currentHash() != null) {
      m.addExtension("current-hash", new StringType(r.currentHash()));
    }
    m.addExtension("edit-announced", new BooleanType(r.editAnnounced()));
    if (r.announcement() != null) {
      m.addExtension("announcement", new StringType(r.announcement()));
    }
    if (r.trajectoryEnd() != null) {
      m.addExtension("trajectory-end", new DateType(r.trajectoryEnd().toString()));
    }
    m.addExtension("original-kept", new BooleanType(r.originalKept()));
    if (RecordingRegistration.kind(r.kind()) == Recording.Kind.CONVERSATION) {
      // V8: a conversation recording is only registered with every party's consent.
      m.addExtension("all-parties-consented", new BooleanType(true));
    }
    if (r.eraseOriginalAt() != null) {
      m.addExtension("erase-original", new DateTimeType(Date.from(r.eraseOriginalAt())));
    }
    if (r.endCause() != null) {
      m.addExtension("end-cause", new CodeType(r.endCause()));
    }
    if (r.copyRequestedAt() != null) {
      m.addExtension("copy-requested", new DateTimeType(Date.from(r.copyRequestedAt())));
    }
    doc.addExtension(m);
    return doc;
  }
}
