/**
 * File tailing: {@link org.patou.acquire.file.FileTailSource} (globs on file names, rotation by
 * rename and copytruncate, positions kept across restarts). It implements {@link org.patou.acquire.Source} and writes LINE records to
 * the {@link org.patou.acquire.IngestSink}, reserving with {@code reserve} (blocking), and stores its
 * positions only after the records they cover are fsynced.
 */
package org.patou.acquire.file;
