package nl.jeugdpoort.gateway.text;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders the plain-text templates under {@code text/} on the classpath ({@code
 * gateway/src/main/resources/text/}) with Thymeleaf in TEXT mode. A template named {@code
 * notices/before} is the file {@code text/notices/before.txt}. Thread-safe; build once (CDI: inject
 * it; tests: {@code new TextTemplates()}).
 *
 * <p>Every model gets the variable {@code nl}, the {@link Dutch} helpers ({@code
 * [(${nl.date(day)})]}). The output is tidied: trailing spaces removed, runs of blank lines cut to
 * one, no leading or trailing blank lines — so template directives may stand on lines of their own.
 */
@ApplicationScoped
public class TextTemplates {
  private final TemplateEngine engine = new TemplateEngine();

  /** A message: its first line is the subject, the rest the body. */
  public record Message(String subject, String body) {}

  public TextTemplates() {
    ClassLoaderTemplateResolver resolver =
        new ClassLoaderTemplateResolver(TextTemplates.class.getClassLoader());
    resolver.setPrefix("text/");
    resolver.setSuffix(".txt");
    resolver.setTemplateMode(TemplateMode.TEXT);
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCacheable(true);
    resolver.setCheckExistence(true);
    engine.setTemplateResolver(resolver);
  }

  /** The template's text with this model. Unknown template: an exception (a programming error). */
  public String render(String template, Map<String, ?> model) {
    Map<String, Object> variables = new HashMap<>(model);
    variables.put("nl", Dutch.INSTANCE);
    return tidy(engine.process(template, new Context(Dutch.LOCALE, variables)));
  }

  /**
   * A message template: the first line of the output is the subject, the lines after it the body.
   */
  public Message message(String template, Map<String, ?> model) {
    String text = render(template, model);
    int end = text.indexOf('\n');
    return end < 0
        ? new Message(text, "")
        : new Message(text.substring(0, end).trim(), text.substring(end + 1).strip());
  }

  static String tidy(String text) {
    return text.replace("\r\n", "\n")
        .replaceAll("[ \\t]+\\n", "\n")
        .replaceAll("\\n{3,}", "\n\n")
        .strip();
  }
}
