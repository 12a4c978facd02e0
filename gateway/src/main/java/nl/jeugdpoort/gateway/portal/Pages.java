package nl.jeugdpoort.gateway.portal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import nl.jeugdpoort.gateway.security.AuthenticatedUser;
import nl.jeugdpoort.gateway.security.SecurityAudit;
import org.apache.shiro.SecurityUtils;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders the portal's server-side pages (Thymeleaf templates under {@code portal/templates/}), in
 * Dutch, with the CSRF token of the session in every form ({@link CsrfFilter}).
 */
@ApplicationScoped
public class Pages {
  private final TemplateEngine engine = new TemplateEngine();

  public Pages() {
    ClassLoaderTemplateResolver resolver =
        new ClassLoaderTemplateResolver(Pages.class.getClassLoader());
    resolver.setPrefix("portal/templates/");
    resolver.setSuffix(".html");
    resolver.setTemplateMode(TemplateMode.HTML);
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCacheable(true);
    engine.setTemplateResolver(resolver);
  }

  /** The person logged in to the portal (every page but the login page requires one, shiro.ini). */
  public static AuthenticatedUser user() {
    return SecurityUtils.getSubject().getPrincipals().oneByType(AuthenticatedUser.class);
  }

  @Inject SecurityAudit securityAudit;

  /**
   * 404 as a page: what does not exist and what belongs to another family or organisation look the
   * same (F2), so nothing is revealed. The refusal is audited ({@code access-refused}) unless the
   * page audited it already with its own reason.
   */
  public void notFound(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (request.getAttribute(SecurityAudit.AUDITED) == null) {
      securityAudit.refused(
          user(),
          request.getRemoteAddr(),
          request.getMethod() + " " + request.getRequestURI(),
          "a portal page that does not exist or is not the caller's (404)",
          java.util.List.of());
    }
    render(
        request,
        response,
        404,
        "not-found",
        new java.util.HashMap<>(java.util.Map.of("user", user())));
  }

  public void render(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String template,
      Map<String, Object> model)
      throws IOException {
    Context context = new Context(Locale.forLanguageTag("nl-NL"), model);
    context.setVariable("csrf", CsrfFilter.token(request));
    context.setVariable("base", request.getContextPath());
    response.setStatus(status);
    response.setContentType("text/html;charset=UTF-8");
    engine.process(template, context, response.getWriter());
  }
}
