package nl.jeugdpoort.gateway.portal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import nl.jeugdpoort.gateway.config.GatewayProducers;
import nl.jeugdpoort.gateway.persistence.AccountEntity;
import nl.jeugdpoort.gateway.persistence.Database;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;

/**
 * Who a logged-in family member is to the youth, in the words of the pages: "moeder van Thijs (10
 * jaar)" for a parent, and for the youth themself a page that speaks to them ("over u"). The facts
 * come from the account (relation, the youth's first name and birth date, the family role — as
 * established when the account was made); the age is counted on today's date in Europe/Amsterdam.
 */
@ApplicationScoped
public class FamilyMember {
  @Inject Database database;
  @Inject Clock clock;

  /**
   * One family member as the pages address them.
   *
   * @param youth true when the person is the youth the data is about
   * @param childName the youth's first name, or null when the account does not know it
   * @param age the youth's age today, or null when unknown
   * @param loggedInAs the sentence for the start page
   * @param about how texts name the youth: "u" for the youth, else the first name or "uw kind"
   */
  public record Who(
      boolean youth, String childName, Integer age, String loggedInAs, String about) {}

  public Who of(AuthenticatedUser user) {
    AccountEntity a = database.read(em -> em.find(AccountEntity.class, user.username()));
    boolean youth = a != null && "youth".equals(a.familyRelation());
    String name = a == null ? null : a.youthGivenName();
    Integer age =
        a == null || a.youthBirthDate() == null
            ? null
            : Period.between(
                    a.youthBirthDate(), LocalDate.now(clock.withZone(GatewayProducers.ZONE)))
                .getYears();
    String years = age == null ? "" : " (" + age + " jaar)";
    String sentence;
    if (youth) {
      sentence =
          "U bent ingelogd als "
              + (name == null ? user.displayName() : name)
              + years
              + ". Op deze pagina's ziet u wat er over u is gedeeld.";
    } else {
      String role = role(a == null ? null : a.familyRole(), a == null ? null : a.familyRelation());
      sentence = "U bent ingelogd als " + role + (name == null ? "" : " van " + name + years) + ".";
    }
    return new Who(youth, name, age, sentence, youth ? "u" : name == null ? "uw kind" : name);
  }

  private static String role(String familyRole, String relation) {
    if (familyRole != null) {
      switch (familyRole) {
        case "mother":
          return "moeder";
        case "father":
          return "vader";
        case "guardian":
          return "voogd";
        case "curator":
          return "curator";
        case "mentor":
          return "mentor";
        default:
          break;
      }
    }
    return "representative".equals(relation) ? "vertegenwoordiger" : "ouder met gezag";
  }
}
