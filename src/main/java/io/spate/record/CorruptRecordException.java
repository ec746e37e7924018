package io.spate.record;

/**
 * Records could not be decoded: a batch's bytes do not follow the RecordBatch v2 format (bad
 * lengths, varints, record count, magic, compression codec, or compressed data that does not
 * decompress). The message says what is wrong and where (batch position, record index).
 */
public final class CorruptRecordException extends RuntimeException {
    public CorruptRecordException(String message) {
        super(message);
    }

    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
