package org.patou.hunt;

/**
 * What a hunt reports while it runs. Called from the worker threads: implementations must be
 * thread-safe and cheap (counters; drawing happens on their own schedule).
 */
public interface Progress {
  Progress NONE =
      new Progress() {
        @Override
        public void start(int files, long bytes) {}

        @Override
        public void bytes(long n) {}

        @Override
        public void records(long n) {}

        @Override
        public void detections(int n) {}

        @Override
        public void fileDone(String file) {}

        @Override
        public void finish() {}
      };

  /** Before the first file: how much there is to read. */
  void start(int files, long bytes);

  /** {@code n} more bytes read. */
  void bytes(long n);

  /** {@code n} more records read. */
  void records(long n);

  /** {@code n} more detections. */
  void detections(int n);

  /** One file finished (read, skipped or failed). */
  void fileDone(String file);

  /** After the last file. */
  void finish();
}
