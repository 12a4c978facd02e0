package nl.jeugdpoort.connectors;

/**
 * Reads a youth's data from a source organisation's system. Implementations never hang and never
 * throw for a source that is down, slow or refusing: they answer with a {@link SourceResult}.
 */
public interface SourceConnector {

  /**
   * Looks the youth up by BSN and returns the youth with their related persons (authority holders and
   * representatives), or {@link SourceResult.UnknownYouth}, {@link SourceResult.Refused} or
   * {@link SourceResult.Unavailable}.
   */
  SourceResult lookupYouth(SourceEndpoint source, SourceQuery query);

  /**
   * Reads the items of the query's categories for the youth, or {@link SourceResult.UnknownYouth},
   * {@link SourceResult.Refused} or {@link SourceResult.Unavailable}.
   */
  SourceResult fetch(SourceEndpoint source, SourceQuery query);
}
