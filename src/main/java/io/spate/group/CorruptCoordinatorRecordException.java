package io.spate.group;

/** A record of the offsets topic that does not follow the format: the partition is not loaded. */
public class CorruptCoordinatorRecordException extends RuntimeException {
    private final int partition;
    private final long offset;

    CorruptCoordinatorRecordException(int partition, long offset, String problem, Throwable cause) {
        super("offsets topic partition " + partition + ", record at offset " + offset + ": " + problem, cause);
        this.partition = partition;
        this.offset = offset;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }
}
