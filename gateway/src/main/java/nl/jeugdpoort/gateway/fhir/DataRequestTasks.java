package nl.jeugdpoort.gateway.fhir;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import nl.jeugdpoort.fhir.Profiles;
import nl.jeugdpoort.fhir.Vocabulary;
import nl.jeugdpoort.gateway.persistence.DataRequestEntity;
import nl.jeugdpoort.gateway.persistence.NoticeEntity;
import nl.jeugdpoort.gateway.persistence.RequestStatus;
import nl.jeugdpoort.gateway.request.DecisionJson;
import nl.jeugdpoort.gateway.request.NewDataRequest;
import nl.jeugdpoort.gateway.request.RequestInput;
import nl.jeugdpoort.gateway.source.SourceReport;
import nl.jeugdpoort.gateway.text.ReasonTexts;
import nl.jeugdpoort.policy.Reason;
import nl.jeugdpoort.policy.Suggestion;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Type;

/**
 * Translates between a data request's FHIR {@code Task} and the gateway's records. Documented in
 * docs/api.md: intent {@code order}; {@code for} = the youth by BSN; {@code owner} = the source
 * organisation; {@code reasonCode} = the purpose; inputs {@code category} (repeating), {@code
 * explanation}, {@code legal-basis}, {@code motivation}, {@code delayed-notice-motivation}.
 */
public final class DataRequestTasks {
  public static final String IN_CATEGORY = "category";
  public static final String IN_EXPLANATION = "explanation";
  public static final String IN_BASIS = "legal-basis";
  public static final String IN_MOTIVATION = "motivation";
  public static final String IN_DELAYED_NOTICE = "delayed-notice-motivation";
  public static final String OUT_RELEASE = "release";
  public static final String OUT_REASON = "decision-reason";
  public static final String OUT_NOTICE = "notice";
  public static final String OUT_ALTERNATIVE = "alternative";
  public static final String OUT_CATEGORY_RESULT = "category-result";

  /** The statuses the policy decides, whose reasons are worded from the stored decision. */
  private static final java.util.Set<RequestStatus> POLICY_STATUSES =
      java.util.EnumSet.of(
          RequestStatus.REFUSED,
          RequestStatus.PARTIALLY_RELEASED,
          RequestStatus.HELD_OBJECTION_WINDOW,
          RequestStatus.WAITING_FOR_NOTICE);

  private DataRequestTasks() {}

  /** Reads a posted Task; structural problems are a 422 that names the element. */
  public static NewDataRequest read(Task task) {
    if (task.getIntent() != Task.TaskIntent.ORDER) {
      throw invalid("Task.intent must be 'order' for a data request.");
    }
    Identifier youth = task.getFor().getIdentifier();
    if (!Vocabulary.BSN.equals(youth.getSystem()) || !youth.hasValue()) {
      throw invalid(
          "Task.for must identify the youth by BSN: identifier.system '"
              + Vocabulary.BSN
              + "' and a value.");
    }
    Identifier owner = task.getOwner().getIdentifier();
    if (!Vocabulary.ORGANISATION.equals(owner.getSystem()) || !owner.hasValue()) {
      throw invalid(
          "Task.owner must identify the source organisation: identifier.system '"
              + Vocabulary.ORGANISATION
              + "' and a value.");
    }
    String purpose =
        task.getReasonCode().getCoding().stream()
            .filter(c -> Vocabulary.PURPOSE.equals(c.getSystem()))
            .map(Coding::getCode)
            .filter(
                java.util.Objects
                    ::nonNull) // a coding without a code is no purpose (P1), not a crash
            .findFirst()
            .orElse(null);
    Set<String> categories = new LinkedHashSet<>();
    String explanation = null;
    String basis = null;
    String motivation = null;
    String delayed = null;
    for (Task.ParameterComponent input : task.getInput()) {
      String type =
          input.getType().getCoding().stream()
              .filter(c -> Vocabulary.TASK_PARAMETER.equals(c.getSystem()))
              .map(Coding::getCode)
              .findFirst()
              .orElseThrow(
                  () ->
                      invalid(
                          "Task.input.type must be coded with system '"
                              + Vocabulary.TASK_PARAMETER
                              + "'."));
      String value = primitive(input.getValue(), type);
      switch (type) {
        case IN_CATEGORY -> categories.add(value);
        case IN_EXPLANATION -> explanation = value;
        case IN_BASIS -> basis = value;
        case IN_MOTIVATION -> motivation = value;
        case IN_DELAYED_NOTICE -> delayed = value;
        default -> throw invalid("Task.input.type '" + type + "' is not a data-request input.");
      }
    }
    if (RequestInput.hasControlCharacters(youth.getValue())
        || RequestInput.hasControlCharacters(owner.getValue())
        || (purpose != null && RequestInput.hasControlCharacters(purpose))) {
      throw invalid(
          "Task.for, Task.owner and Task.reasonCode must not contain control characters.");
    }
    return new NewDataRequest(
        youth.getValue(),
        owner.getValue(),
        purpose,
        explanation,
        categories,
        basis,
        motivation,
        delayed);
  }

  /** The Task that shows a stored request: status, reasons with rule ids, notices, release. */
  public static Task show(
      DataRequestEntity r,
      List<NoticeEntity> notices,
      String requesterOrgName,
      String sourceOrgName,
      ReasonTexts texts) {
    return showWithNoticeIds(
        r, notices.stream().map(NoticeEntity::id).toList(), requesterOrgName, sourceOrgName, texts);
  }

  /**
   * The same Task from the ids of its notices only (in the order they were made): a list of Tasks
   * reads the ids of all its notices in one query instead of loading each Task's notices with their
   * texts.
   */
  public static Task showWithNoticeIds(
      DataRequestEntity r,
      List<String> noticeIds,
      String requesterOrgName,
      String sourceOrgName,
      ReasonTexts texts) {
    Task task = new Task();
    task.setId(r.id());
    task.getMeta().setLastUpdated(Date.from(r.updatedAt())).addProfile(Profiles.DATA_REQUEST);
    task.getCode().addCoding(new Coding(Vocabulary.TASK_CODE, "data-request", "Gegevensverzoek"));
    task.setStatus(Task.TaskStatus.fromCode(r.businessStatus().taskStatus()));
    task.setBusinessStatus(
        new CodeableConcept(
                new Coding(
                    Vocabulary.REQUEST_STATUS,
                    r.businessStatus().code(),
                    r.businessStatus().dutch()))
            .setText(r.businessStatus().dutch()));
    task.setIntent(Task.TaskIntent.ORDER);
    task.setAuthoredOn(Date.from(r.createdAt()));
    task.setLastModified(Date.from(r.updatedAt()));
    task.setFor(
        new Reference()
            .setIdentifier(new Identifier().setSystem(Vocabulary.BSN).setValue(r.youthBsn())));
    task.setOwner(
        new Reference()
            .setIdentifier(
                new Identifier().setSystem(Vocabulary.ORGANISATION).setValue(r.sourceOrg()))
            .setDisplay(sourceOrgName));
    task.setRequester(
        new Reference()
            .setIdentifier(
                new Identifier().setSystem(Vocabulary.ACCOUNT).setValue(r.requesterUsername()))
            .setDisplay(
                r.requesterName() + " (" + r.requesterRole() + ", " + requesterOrgName + ")"));
    task.setReasonCode(
        new CodeableConcept(new Coding(Vocabulary.PURPOSE, r.purpose(), null))
            .setText(r.explanation()));
    for (String category : r.categories()) {
      task.addInput(input(IN_CATEGORY, new CodeType(category)));
    }
    task.addInput(input(IN_EXPLANATION, new StringType(r.explanation())));
    if (r.legalBasis() != null) {
      task.addInput(input(IN_BASIS, new CodeType(r.legalBasis())));
    }
    if (r.motivation() != null) {
      task.addInput(input(IN_MOTIVATION, new StringType(r.motivation())));
    }
    if (r.delayedNoticeMotivation() != null) {
      task.addInput(input(IN_DELAYED_NOTICE, new StringType(r.delayedNoticeMotivation())));
    }
    List<DecisionJson.StoredReason> reasons = DecisionJson.reasons(r.decisionJson());
    if (r.statusReason() != null) {
      // A status the policy decided is worded for the professional from the stored reasons (rule
      // ids included);
      // other statuses (the source down or refusing, P6) keep their stored text, as do rows stored
      // before.
      List<Reason> deciding =
          reasons.stream()
              .filter(
                  x ->
                      x.effect().equals("DENY")
                          || x.effect().equals("WITHHOLD")
                          || x.effect().equals("HOLD"))
              .map(DecisionJson.StoredReason::toReason)
              .toList();
      boolean worded =
          POLICY_STATUSES.contains(r.businessStatus())
              && !deciding.isEmpty()
              && deciding.stream().allMatch(java.util.Objects::nonNull);
      CodeableConcept statusReason =
          new CodeableConcept()
              .setText(
                  worded
                      ? texts.join(
                          deciding,
                          ReasonTexts.Audience.PROFESSIONAL,
                          ReasonTexts.FamilyView.general(""))
                      : r.statusReason());
      reasons.stream()
          .filter(
              x ->
                  x.effect().equals("DENY")
                      || x.effect().equals("WITHHOLD")
                      || x.effect().equals("HOLD"))
          .map(DecisionJson.StoredReason::ruleId)
          .distinct()
          .forEach(rule -> statusReason.addCoding(new Coding(Vocabulary.RULE, rule, null)));
      String endRule = r.businessStatus().ruleId();
      if (endRule != null
          && statusReason.getCoding().stream().noneMatch(c -> endRule.equals(c.getCode()))) {
        statusReason.addCoding(new Coding(Vocabulary.RULE, endRule, null));
      }
      task.setStatusReason(statusReason);
    }
    for (DecisionJson.StoredReason stored : reasons) {
      Reason reason = stored.toReason();
      task.addOutput()
          .setType(
              new CodeableConcept(
                  new Coding(Vocabulary.TASK_PARAMETER, OUT_REASON, stored.effect())))
          .setValue(
              new CodeableConcept(
                      new Coding(
                          Vocabulary.RULE,
                          stored.ruleId(),
                          reason == null ? stored.audit() : texts.auditor(reason)))
                  .setText(reason == null ? stored.family() : texts.professional(reason)));
    }
    for (DecisionJson.StoredSuggestion stored : DecisionJson.alternatives(r.decisionJson())) {
      Suggestion suggestion = stored.toSuggestion();
      String text = suggestion == null ? stored.text() : texts.suggestion(suggestion);
      if (text != null) {
        task.addOutput()
            .setType(
                new CodeableConcept(new Coding(Vocabulary.TASK_PARAMETER, OUT_ALTERNATIVE, null)))
            .setValue(new StringType(text));
      }
    }
    for (SourceReport.CategoryResult result :
        SourceReport.fromJson(r.sourceReport()).categories()) {
      task.addOutput()
          .setType(
              new CodeableConcept(new Coding(Vocabulary.TASK_PARAMETER, OUT_CATEGORY_RESULT, null)))
          .setValue(new StringType(result.describe()));
    }
    for (String noticeId : noticeIds) {
      task.addOutput()
          .setType(new CodeableConcept(new Coding(Vocabulary.TASK_PARAMETER, OUT_NOTICE, null)))
          .setValue(new Reference("Communication/" + noticeId));
    }
    if (r.releaseId() != null) {
      task.addOutput()
          .setType(new CodeableConcept(new Coding(Vocabulary.TASK_PARAMETER, OUT_RELEASE, null)))
          .setValue(new Reference("Bundle/" + r.releaseId()));
    }
    return task;
  }

  private static Task.ParameterComponent input(String type, Type value) {
    return new Task.ParameterComponent(
        new CodeableConcept(new Coding(Vocabulary.TASK_PARAMETER, type, null)), value);
  }

  private static String primitive(Type value, String type) {
    if (value == null || !value.isPrimitive() || value.primitiveValue() == null) {
      throw invalid("Task.input '" + type + "' needs a value (valueCode or valueString).");
    }
    String text = value.primitiveValue();
    if (RequestInput.hasControlCharacters(text)) {
      throw invalid(
          "Task.input '"
              + type
              + "' contains control characters; only text, tabs and line breaks are accepted.");
    }
    if (text.length() > RequestInput.MAX_TEXT) {
      throw invalid(
          "Task.input '"
              + type
              + "' is "
              + text.length()
              + " characters long; at most "
              + RequestInput.MAX_TEXT
              + " are accepted.");
    }
    return text;
  }

  static UnprocessableEntityException invalid(String message) {
    return new UnprocessableEntityException(message);
  }
}
