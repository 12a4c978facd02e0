package nl.jeugdpoort.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nl.jeugdpoort.gateway.flow.DecisionStep;
import nl.jeugdpoort.gateway.flow.FetchStep;
import nl.jeugdpoort.gateway.flow.NoticeStep;
import nl.jeugdpoort.gateway.flow.ReleaseStep;
import nl.jeugdpoort.gateway.flow.RequestContext;
import nl.jeugdpoort.gateway.flow.RequestPass;
import nl.jeugdpoort.gateway.flow.TechnicalFailure;
import nl.jeugdpoort.gateway.flow.YouthLookupStep;
import nl.jeugdpoort.gateway.request.LostClaim;
import nl.jeugdpoort.gateway.request.RequestWork;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The data-request route (#14.3), its steps replaced with AdviceWith by recorders: the order of the
 * steps, the stop after each kind of finish, the error handling, and that every pass lets go of its
 * claim at the end.
 */
class DataRequestRouteTest extends CamelTestSupport {
  private static final List<String> STEPS =
      List.of(
          "begin-pass",
          "lookup-youth",
          "decide",
          "notify-family",
          "fetch",
          "decide-on-items",
          "release");

  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private final List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
  private String finishAt;
  private String failAt;
  private RuntimeException failWith = new IllegalStateException("a bug");
  private DataRequestRoute route;

  @Override
  public void configureTest(TestExecutionConfiguration configuration) {
    super.configureTest(configuration);
    configuration.withUseAdviceWith(true);
  }

  @Override
  protected RoutesBuilder[] createRouteBuilders() {
    TechnicalFailure failure =
        new TechnicalFailure() {
          @Override
          public void record(Exchange exchange) {
            failures.add(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
            calls.add("technical-failure");
          }
        };
    route =
        new DataRequestRoute(
            new RequestPass(),
            new YouthLookupStep(),
            new DecisionStep(),
            new NoticeStep(),
            new FetchStep(),
            new ReleaseStep(),
            new RequestWork(),
            2,
            4,
            // Short, so that the work route claims soon after it starts: Camel's timer skips a
            // firing that comes before its consumer has started (with a period of an hour, the
            // claims test then waited in vain now and then).
            Duration.ofMillis(100),
            Duration.ofHours(1));
    return new RoutesBuilder[] {new RouteErrorHandling(failure), route};
  }

  private void advise() throws Exception {
    AdviceWith.adviceWith(
        context,
        DataRequestRoute.ROUTE_ID,
        a -> {
          for (String step : STEPS) {
            a.weaveById(step).replace().process(e -> step(step, e));
          }
          a.weaveById("end-pass").replace().process(e -> calls.add("end-pass:" + body(e)));
        });
    context.start();
  }

  private void step(String step, Exchange e) {
    calls.add(step);
    RequestContext ctx =
        step.equals("begin-pass")
            ? new RequestContext(e.getIn().getBody(String.class), "worker-1")
            : e.getIn().getBody(RequestContext.class);
    e.getIn().setBody(ctx);
    if (step.equals(failAt)) {
      throw failWith;
    }
    if (step.equals(finishAt)) {
      ctx.finish();
    }
  }

  private static String body(Exchange e) {
    return e.getIn().getBody() instanceof RequestContext c
        ? c.requestId()
        : String.valueOf(e.getIn().getBody());
  }

  private void pass(String id) throws Exception {
    NotifyBuilder done =
        new NotifyBuilder(context).fromRoute(DataRequestRoute.ROUTE_ID).whenDone(1).create();
    template.sendBody(route.queueUri(), id);
    assertThat(done.matches(10, TimeUnit.SECONDS)).isTrue();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (calls.stream().noneMatch(c -> c.startsWith("end-pass")) && System.nanoTime() < until) {
      Thread.sleep(10);
    }
  }

  @Test
  void a_request_goes_through_the_steps_in_the_order_of_the_rules_and_lets_go_of_its_claim()
      throws Exception {
    advise();
    pass("r1");
    assertThat(calls)
        .containsExactly(
            "begin-pass",
            "lookup-youth",
            "decide",
            "notify-family",
            "fetch",
            "decide-on-items",
            "release",
            "end-pass:r1");
    assertThat(failures).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "begin-pass",
        "lookup-youth",
        "decide",
        "notify-family",
        "fetch",
        "decide-on-items"
      })
  void a_step_that_ends_the_request_or_makes_it_wait_stops_the_pass_there(String step)
      throws Exception {
    finishAt = step;
    advise();
    pass("r2");
    List<String> expected = new ArrayList<>(STEPS.subList(0, STEPS.indexOf(step) + 1));
    expected.add("end-pass:r2");
    assertThat(calls).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"lookup-youth", "notify-family", "fetch", "release"})
  void a_failing_step_goes_to_the_technical_failure_handler_and_nothing_after_it_runs(String step)
      throws Exception {
    failAt = step;
    advise();
    pass("r3");
    List<String> expected = new ArrayList<>(STEPS.subList(0, STEPS.indexOf(step) + 1));
    expected.add("technical-failure");
    expected.add("end-pass:r3");
    assertThat(calls).containsExactlyElementsOf(expected);
    assertThat(failures).singleElement().isInstanceOf(IllegalStateException.class);
  }

  @Test
  void a_lost_claim_reaches_the_handler_as_such_and_the_pass_still_ends() throws Exception {
    failAt = "decide";
    failWith = new LostClaim("r4", "worker-1");
    advise();
    pass("r4");
    assertThat(calls).endsWith("technical-failure", "end-pass:r4");
    assertThat(TechnicalFailure.kind(failures.get(0))).isEqualTo(TechnicalFailure.Kind.LOST_CLAIM);
  }

  @Test
  void claims_the_queue_has_no_room_for_are_let_go_not_held() throws Exception {
    List<String> claimed = List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9");
    AdviceWith.adviceWith(
        context,
        DataRequestRoute.WORK_ROUTE_ID,
        a -> {
          // Ten claims on the first round, none after it.
          java.util.concurrent.atomic.AtomicBoolean first =
              new java.util.concurrent.atomic.AtomicBoolean(true);
          a.weaveById("claim-due")
              .replace()
              .process(e -> e.getIn().setBody(first.getAndSet(false) ? claimed : List.of()));
          a.weaveById("hand-back")
              .replace()
              .process(e -> calls.add("hand-back:" + e.getIn().getBody(String.class)));
        });
    context.start();
    // Nobody takes from the queue (size 4 here): the first four claims fit, the other six do not.
    context.getRouteController().stopRoute(DataRequestRoute.ROUTE_ID);
    context.getRouteController().startRoute(DataRequestRoute.WORK_ROUTE_ID);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (calls.size() < 6 && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(calls)
        .containsExactly(
            "hand-back:c4",
            "hand-back:c5",
            "hand-back:c6",
            "hand-back:c7",
            "hand-back:c8",
            "hand-back:c9");
    assertThat(
            context
                .getEndpoint(route.queueUri(), org.apache.camel.component.seda.SedaEndpoint.class)
                .getCurrentQueueSize())
        .isEqualTo(4);
  }

  @Test
  void the_claiming_routes_wait_for_the_start_of_work() throws Exception {
    advise();
    assertThat(
            context.getRouteController().getRouteStatus(DataRequestRoute.WORK_ROUTE_ID).isStarted())
        .isFalse();
    assertThat(
            context
                .getRouteController()
                .getRouteStatus(DataRequestRoute.LEASE_ROUTE_ID)
                .isStarted())
        .isFalse();
    assertThat(context.getRouteController().getRouteStatus(DataRequestRoute.ROUTE_ID).isStarted())
        .isTrue();
  }
}
