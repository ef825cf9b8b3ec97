/**
 * Matching: {@link org.patou.sigma.match.Detector} routes each event to the rules its channel and
 * EventID (or other precondition key) select, prefilters them with one automaton pass per field,
 * evaluates the candidates and emits {@link org.patou.sigma.match.Detection}s; matches of rules a
 * correlation uses go to a {@link org.patou.sigma.match.CorrelationSink}.
 *
 * <p>Enters: {@link org.patou.event.Event}s (read, never owned or copied). Leaves: detections to the
 * caller's consumer, on the caller's thread. A detector is NOT thread-safe: one per thread, via
 * {@link org.patou.sigma.match.Detector#copy()}. It starts no threads and reads no clock: time
 * comes from the event.
 */
package org.patou.sigma.match;
