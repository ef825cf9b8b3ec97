package org.patou.evtx;

/**
 * The 4 KiB file header (libyal EVTX "file header").
 *
 * @param firstChunk first chunk number
 * @param lastChunk last chunk number
 * @param nextRecordId the identifier the writer would give the next record
 * @param minorVersion format minor version (1 or 2)
 * @param majorVersion format major version (3)
 * @param chunkCount number of chunks the header declares
 * @param chunksInFile complete 64 KiB chunks the file actually holds
 * @param flags 0x1 dirty (not closed cleanly), 0x2 full
 * @param checksumOk whether the header CRC32 matches
 */
public record EvtxFileHeader(
    long firstChunk,
    long lastChunk,
    long nextRecordId,
    int minorVersion,
    int majorVersion,
    int chunkCount,
    long chunksInFile,
    int flags,
    boolean checksumOk) {

  public boolean dirty() {
    return (flags & 1) != 0;
  }

  public boolean full() {
    return (flags & 2) != 0;
  }
}
