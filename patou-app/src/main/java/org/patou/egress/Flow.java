package org.patou.egress;

import java.time.Instant;

/**
 * Bytes that left one address for another: one Zeek connection (its {@code orig_bytes}), one
 * packet of a firewall log ({@code LEN}), or one stored {@code zeek.conn} event.
 *
 * @param at when (a connection's start for Zeek, the packet's time for a firewall log)
 * @param source the sending address
 * @param destination the receiving address
 * @param bytes payload bytes sent by {@code source} (Zeek) or IP packet length (firewall log)
 * @param port destination port, -1 when unknown
 * @param transport tcp, udp, icmp... or empty
 */
public record Flow(Instant at, String source, String destination, long bytes, int port, String transport) {}
