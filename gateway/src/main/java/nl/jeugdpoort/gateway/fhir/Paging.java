package nl.jeugdpoort.gateway.fhir;

import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Offset paging of a search ({@code _count}, {@code _offset}): the page asked for, checked, and the
 * searchset it answers — with a {@code next} link while more follow ({@code Bundle.total} on the
 * last page only: counting every match on every page would grow with the database).
 *
 * @param from where the page starts
 * @param size how many a page holds
 */
record Paging(int from, int size) {
  /**
   * The page asked for; {@code _count} outside 1 to {@code max} or a negative {@code _offset}: 400.
   */
  static Paging of(Integer count, Integer offset, int byDefault, int max) {
    int size = count == null ? byDefault : count;
    int from = offset == null ? 0 : offset;
    if (size < 1 || size > max) {
      throw new InvalidRequestException("_count must be between 1 and " + max + ".");
    }
    if (from < 0) {
      throw new InvalidRequestException("_offset must be 0 or more.");
    }
    return new Paging(from, size);
  }

  /** The searchset of this page's {@code rows}; {@code more}: others follow. */
  SimpleBundleProvider answer(List<? extends IBaseResource> rows, boolean more) {
    SimpleBundleProvider result = new SimpleBundleProvider(rows);
    // Known exactly only on the last page; otherwise left out, and HAPI links the next page while
    // more follow.
    // Past the end (an empty page after the first) the total is not known without counting.
    result.setSize(more || (rows.isEmpty() && from > 0) ? null : from + rows.size());
    result.setCurrentPageOffset(from);
    result.setCurrentPageSize(size);
    return result;
  }
}
