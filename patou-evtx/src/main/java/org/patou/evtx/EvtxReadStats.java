package org.patou.evtx;

/**
 * What one {@link EvtxFile#records} pass did.
 *
 * @param records records delivered
 * @param chunks chunks decoded
 * @param skippedChunks chunks skipped as unreadable
 * @param unusedChunks all-zero chunk slots (preallocated, never written)
 * @param skippedRecords records skipped as unreadable
 * @param warnings warnings reported
 * @param expectedRecords records the chunk headers declare (sum of last - first + 1 over read chunks)
 */
public record EvtxReadStats(
    long records, long chunks, long skippedChunks, long unusedChunks, long skippedRecords, long warnings, long expectedRecords) {}
