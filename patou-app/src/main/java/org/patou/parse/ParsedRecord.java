package org.patou.parse;

import org.patou.event.Event;

/**
 * What {@link RecordParser} made of one received record.
 *
 * @param event the event (for a record no parser understood: {@code message}, {@code
 *     event.original} and {@code tags: patou_unparsed})
 * @param raw true when no parser understood the record; it is stored anyway, and counted
 */
public record ParsedRecord(Event event, boolean raw) {}
