/**
 * patou's reader of Windows XML Event Log files ({@code .evtx}): file header, 64 KiB chunks,
 * records and Binary XML, rendered as a flat {@link org.patou.event.Event}, as JSON in the shape
 * of the Rust {@code evtx} crate's {@code evtx_dump -o json} (the shape of the Sigma regression
 * samples), or as XML laid out like {@code evtx_dump -o xml}.
 *
 * <h2>Use</h2>
 *
 * <pre>{@code
 * try (EvtxFile f = EvtxFile.open(path)) {                 // EvtxException: not EVTX, empty, unreadable
 *   if (Collections.disjoint(f.channels(4), wantedChannels)) return;   // cheap: a few records
 *   EvtxReadStats stats = f.records(
 *       EvtxOptions.defaults().withWarnings(w -> log.warn(w.toString())),  // skipped corruption
 *       rec -> detector.accept(rec.event()));           // in file order, on this thread
 * }
 * // JSON lines: rec.writeJson(jsonGenerator) or rec.toJsonBytes(); XML: rec.toXml().
 * // Work per record in the decoding threads: f.records(options, EvtxRecord::event, sink).
 * }</pre>
 *
 * <p>Enters: a path. Leaves: {@link org.patou.evtx.EvtxRecord}s, in file order, on the caller's
 * thread, plus {@link org.patou.evtx.EvtxWarning}s. Threads: chunks are decoded on the caller's
 * {@link java.util.concurrent.Executor} or on a private pool of named daemon threads ({@code
 * patou-evtx-N-decode-M}) that lives for one {@code records} call; at most {@code 2 × threads}
 * chunks are in flight, so memory stays bounded whatever the file size. Errors: {@link
 * org.patou.evtx.EvtxException} (an {@link org.patou.event.EventParseException}) naming the file and
 * byte offset, for a file that is not EVTX, empty, shorter than its header, truncated inside a chunk
 * (after the readable records were delivered) or unreadable; everything else is a warning.
 *
 * <h2>The format as read</h2>
 *
 * <p>References: Joachim Metz, <i>Windows XML Event Log (EVTX) format</i>, libyal/libevtx {@code
 * documentation/Windows XML Event Log (EVTX).asciidoc} (sections "File header", "Chunk", "Event
 * record", "Binary XML"); Microsoft [MS-EVEN6] 2.2.12 "BinXml" (token grammar, value types, array
 * expansion). All integers little-endian; offsets in a chunk are relative to the chunk start.
 *
 * <p><b>File header</b> (4096 bytes, 128 used): {@code 0} signature {@code "ElfFile\0"}; {@code 8}
 * first chunk number (u64); {@code 16} last chunk number (u64); {@code 24} next record identifier
 * (u64); {@code 32} header size (u32, 128); {@code 36} minor version (u16); {@code 38} major version
 * (u16, 3); {@code 40} header block size (u16, 4096); {@code 42} chunk count (u16); {@code 120} file
 * flags (u32: 0x1 dirty, 0x2 full); {@code 124} CRC32 of bytes 0–119. A mismatch is a warning. The
 * reader reads every chunk slot the file holds, not only the counted ones: a dirty file's header lags
 * behind its chunks. All-zero slots (preallocated, never written) are skipped silently.
 *
 * <p><b>Chunk</b> (65536 bytes): header of 512 bytes: {@code 0} {@code "ElfChnk\0"}; {@code 8}/{@code
 * 16} first/last event record number (u64); {@code 24}/{@code 32} first/last event record identifier
 * (u64); {@code 40} header size (128); {@code 44} last record offset (u32); {@code 48} free space
 * offset (u32: end of the records); {@code 52} CRC32 of the records, bytes 512 to free space; {@code
 * 120} flags; {@code 124} CRC32 of header bytes 0–119 and 128–511; {@code 128} 64 common-string
 * offsets; {@code 384} 32 template offsets (hash buckets; the reader does not need them). Either CRC
 * failing is a warning; the chunk is still read. A chunk without its signature is skipped with a
 * warning.
 *
 * <p><b>Event record</b>: {@code 0} signature {@code 2a 2a 00 00}; {@code 4} size (u32, whole
 * record); {@code 8} record identifier (u64); {@code 16} written time (FILETIME); {@code 24} Binary
 * XML; {@code size-4} copy of the size. A record whose signature, size or size copy is wrong is
 * skipped with a warning, and the reader scans forward for the next valid record header.
 *
 * <p><b>Binary XML</b> tokens (the 0x40 bit means "more data"/"has attributes"): {@code 0x00} end of
 * stream; {@code 0x0f} fragment header (major, minor, flags); {@code 0x01/0x41} open start element:
 * [u16 dependency identifier, present in template definitions, absent in elements written directly
 * in a record], u32 data size, u32 name offset, [u32 attribute list size if 0x41]; {@code 0x02} close
 * start element; {@code 0x03} close empty element; {@code 0x04} end element; {@code 0x05/0x45} value
 * (u8 type, then the value; strings are u16 count + UTF-16LE); {@code 0x06/0x46} attribute (u32 name
 * offset; its value follows as tokens); {@code 0x07/0x47} CDATA (u16 count + UTF-16LE); {@code
 * 0x08/0x48} character reference (u16); {@code 0x09/0x49} entity reference (u32 name offset); {@code
 * 0x0a} PI target (u32 name offset); {@code 0x0b} PI data (u16 count + UTF-16LE); {@code 0x0c}
 * template instance: u8, u32 template identifier, u32 definition offset; when the definition offset
 * is the current offset, the definition follows inline (u32 next definition, 16-byte GUID, u32 data
 * size, data); then u32 substitution count, that many descriptors (u16 size, u8 type, u8 0) and the
 * values back to back; {@code 0x0d} normal and {@code 0x0e} optional substitution: u16 index, u8
 * type. <b>Names</b>: u32 next offset, u16 hash, u16 character count, UTF-16LE, u16 NUL; a name is
 * written inline, right where it is first referenced, when its offset equals the current offset.
 *
 * <p><b>Value types</b>: 0x00 null; 0x01 UTF-16 string (cut at the first NUL); 0x02 ANSI string
 * (windows-1252); 0x03–0x0a signed/unsigned 8–64-bit integers; 0x0b/0x0c float/double; 0x0d bool
 * (32-bit); 0x0e binary; 0x0f GUID; 0x10 size_t (4 or 8 bytes); 0x11 FILETIME; 0x12 SYSTEMTIME;
 * 0x13 SID; 0x14/0x15 32/64-bit hex integer; 0x21 nested Binary XML; 0x80 | type: array (strings
 * NUL-separated, others fixed width). 0x20 EvtHandle and 0x23 EvtXml are refused (record skipped).
 *
 * <p><b>Template instantiation</b>, as the reference reader does it: an optional substitution whose
 * value is empty (null, empty string, empty binary or array) disappears, as does an attribute left
 * without a value; an element holding an array value of more than one item is repeated once per item
 * (MS-EVEN6 "array types"); a nested Binary XML value becomes an element subtree. Definitions are
 * decoded once per chunk and cached by offset.
 *
 * <h2>Rendering conventions</h2>
 *
 * <p>Integers and booleans are JSON numbers and booleans (unsigned 64-bit above {@code
 * Long.MAX_VALUE} becomes a {@link java.math.BigInteger} in events); every other value is text:
 * floats in shortest form, binary as upper-case hex, GUIDs upper-case without braces, SIDs as {@code
 * S-1-5-…}, hex integers and size_t as lower-case {@code 0x…}, FILETIME and SYSTEMTIME as {@code
 * YYYY-MM-DDTHH:MM:SS.ffffffZ}, arrays of one item as that item, comma-joined if ever rendered
 * whole. The JSON shape is documented on {@code JsonShape}; {@code EvtxRecord#event()} flattens that
 * shape the way {@link org.patou.event.JsonEventReader} flattens the JSON text, so EVTX and JSON
 * inputs give equal events.
 */
package org.patou.evtx;
