package dev.baton.process;

/** A snapshot too large to be written into a Meeting's status. */
public final class SnapshotTooLargeException extends RuntimeException {

  private final int sizeBytes;
  private final int maxBytes;

  public SnapshotTooLargeException(int sizeBytes, int maxBytes) {
    super(
        "snapshot is "
            + sizeBytes
            + " bytes as compact JSON, over the limit of "
            + maxBytes
            + " bytes (baton.worker.max-snapshot-bytes); the process must keep a smaller state"
            + " or the limit must be raised");
    this.sizeBytes = sizeBytes;
    this.maxBytes = maxBytes;
  }

  /** Size of the refused snapshot, in bytes of compact JSON. */
  public int sizeBytes() {
    return sizeBytes;
  }

  /** The bound it went over. */
  public int maxBytes() {
    return maxBytes;
  }
}
