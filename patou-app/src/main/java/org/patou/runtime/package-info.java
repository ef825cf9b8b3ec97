/**
 * The live path's wiring, apart from the logic: the bounded queue and the pipeline thread ({@link
 * org.patou.runtime.Pipeline}), the live rule set ({@link org.patou.runtime.LiveRules}) and the
 * per-record stage chain ({@link org.patou.runtime.EventProcessor}: parse → detect → store, the same
 * code for live records and for WAL replay).
 *
 * <p>Enters: WAL entries from sources. Leaves: events in Lucene, alerts in H2. Threads: one,
 * {@code patou-pipeline}, owned by {@code Pipeline}; sources' threads only reserve room and append.
 */
package org.patou.runtime;
