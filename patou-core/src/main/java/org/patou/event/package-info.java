/**
 * The event model: {@link org.patou.event.Event} (read-only fields), its builder, field-name
 * interning and the JSON reader.
 *
 * <p>Enters: JSON text or bytes handed in by a caller. Leaves: {@code Event}s. Owns no threads and
 * opens no files; events are immutable and may cross threads.
 */
package org.patou.event;
