/**
 * Camel routes: thin, each step a named bean of {@code flow}, each with an id. Camel 4 has no CDI
 * integration, so {@link nl.jeugdpoort.gateway.route.CamelRuntime} builds and starts the context.
 *
 * <p>Depends on the steps (flow) and the work table (request: claims, the in-JVM hand-off); nothing
 * but start-up (health) depends on it.
 */
package nl.jeugdpoort.gateway.route;
