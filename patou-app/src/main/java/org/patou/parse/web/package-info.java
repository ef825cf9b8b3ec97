/**
 * The parse stage for web server logs: nginx and Apache access logs (common, combined, with a
 * virtual-host prefix or a syslog header) and nginx error logs, to ECS {@link org.patou.event.Event}s.
 *
 * <p>Enters: one line at a time. Leaves: an event, or null for a line the parser does not
 * understand. Owns no threads; parsers are not thread-safe, one per thread.
 */
package org.patou.parse.web;
