package nl.jeugdpoort.connectors;

/**
 * Reads a youth's data from a source organisation's system. Implementations never hang and never
 * throw for a source that is down, slow or refusing: they answer with a {@link SourceResult}.
 */
public interface SourceConnector {

  /**
   * Looks the youth up by BSN and returns the one Patient that carries it with their related
   * persons (authority holders and representatives), or why not: {@link SourceResult.UnknownYouth},
   * {@link SourceResult.AmbiguousYouth} (C5), {@link SourceResult.Refused} (P6), {@link
   * SourceResult.AccessDenied}, {@link SourceResult.Unsupported}, {@link SourceResult.Unavailable}
   * or {@link SourceResult.BadAnswer}.
   */
  SourceResult lookupYouth(SourceEndpoint source, SourceQuery query);

  /**
   * Reads the youth's items of the query's resource types ({@link SourceResult.Items}, per type),
   * after checking that the BSN still resolves to exactly the query's Patient id; or any of the
   * answers of {@link #lookupYouth}.
   */
  SourceResult fetch(SourceEndpoint source, SourceQuery query);
}
