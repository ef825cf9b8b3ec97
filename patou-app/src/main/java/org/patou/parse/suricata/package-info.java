/**
 * Suricata EVE JSON records to ECS ({@link org.patou.parse.suricata.EveParser}), after Elastic's
 * Suricata integration; the record keeps its own field names.
 *
 * <p>Enters: JSON records read by {@link org.patou.parse.RecordParser}. Leaves: events. Owns no
 * threads; not thread-safe, one per pipeline thread.
 */
package org.patou.parse.suricata;
