package nl.jeugdpoort.gateway.recording;

import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * Permissions of a recording as the FHIR {@code Parameters} that {@code $request-permission} and
 * {@code $permissions} answer: one {@code permission} parameter each, with parts {@code id}, {@code
 * kind}, {@code title}, {@code occasion}, {@code state} ({@code waiting}, {@code allowed}, {@code
 * refused}), {@code requested}, every {@code member}, every {@code party} (parts {@code id}, {@code
 * role} {@code owner} or {@code depicted-family}, and per {@code person} a {@code reference},
 * {@code answer} {@code yes}, {@code no} or {@code none} and {@code answered}) and, for a showing,
 * every {@code obligation} (V3: what a montage may name).
 */
public final class RecordingPermissionResources {
  private RecordingPermissionResources() {}

  public static Parameters toFhir(List<RecordingPermissions.View> views) {
    Parameters out = new Parameters();
    for (RecordingPermissions.View v : views) {
      ParametersParameterComponent p = out.addParameter().setName("permission");
      p.addPart().setName("id").setValue(new IdType(v.permission().id()));
      p.addPart().setName("kind").setValue(new CodeType(v.permission().kind()));
      p.addPart().setName("title").setValue(new StringType(v.permission().title()));
      p.addPart().setName("occasion").setValue(new DateType(v.permission().occasion().toString()));
      p.addPart()
          .setName("state")
          .setValue(new CodeType(v.state().name().toLowerCase(java.util.Locale.ROOT)));
      p.addPart()
          .setName("requested")
          .setValue(new DateTimeType(Date.from(v.permission().requestedAt())));
      v.permission()
          .members()
          .forEach(m -> p.addPart().setName("member").setValue(new StringType(m)));
      for (RecordingPermissions.Party party : v.parties()) {
        ParametersParameterComponent pp = p.addPart().setName("party");
        pp.addPart().setName("id").setValue(new StringType(party.id()));
        pp.addPart()
            .setName("role")
            .setValue(new CodeType(party.owner() ? "owner" : "depicted-family"));
        for (RecordingPermissions.Person person : party.persons()) {
          ParametersParameterComponent who = pp.addPart().setName("person");
          who.addPart().setName("reference").setValue(new Reference(person.ref()));
          who.addPart()
              .setName("answer")
              .setValue(
                  new CodeType(
                      person.consents() == null ? "none" : person.consents() ? "yes" : "no"));
          if (person.answeredAt() != null) {
            who.addPart()
                .setName("answered")
                .setValue(new DateTimeType(Date.from(person.answeredAt())));
          }
        }
      }
      v.obligations().forEach(o -> p.addPart().setName("obligation").setValue(new StringType(o)));
    }
    return out;
  }
}
