package nl.jeugdpoort.gateway.portal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders the portal's server-side pages (Thymeleaf templates under {@code portal/templates/}), in Dutch,
 * with the CSRF token of the session in every form ({@link CsrfFilter}).
 */
@ApplicationScoped
public class Pages {
  private final TemplateEngine engine = new TemplateEngine();

  public Pages() {
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(Pages.class.getClassLoader());
    resolver.setPrefix("portal/templates/");
    resolver.setSuffix(".html");
    resolver.setTemplateMode(TemplateMode.HTML);
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCacheable(true);
    engine.setTemplateResolver(resolver);
  }

  public void render(HttpServletRequest request, HttpServletResponse response, int status, String template,
      Map<String, Object> model) throws IOException {
    Context context = new Context(Locale.forLanguageTag("nl-NL"), model);
    context.setVariable("csrf", CsrfFilter.token(request));
    context.setVariable("base", request.getContextPath());
    response.setStatus(status);
    response.setContentType("text/html;charset=UTF-8");
    engine.process(template, context, response.getWriter());
  }
}
