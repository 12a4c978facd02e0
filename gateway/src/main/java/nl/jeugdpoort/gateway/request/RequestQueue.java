package nl.jeugdpoort.gateway.request;

/**
 * Where a stored data request goes to be worked on. The Camel routes implement it ({@code
 * route.CamelRuntime}); the steps in this package never depend on the routes that call them.
 */
public interface RequestQueue {
  /** Hands a stored request to the steps; returns at once. */
  void submit(String requestId);
}
