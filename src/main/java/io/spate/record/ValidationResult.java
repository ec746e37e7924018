package io.spate.record;

/**
 * What {@link BatchValidator} learned about a valid produce payload while checking it.
 *
 * @param batchCount                the number of batches
 * @param recordCount               the number of records over all batches
 * @param maxTimestamp              the largest record timestamp over all batches, or
 *                                  {@link RecordBatch#NO_TIMESTAMP} if no record has one
 * @param offsetOfMaxTimestampDelta the position (0-based, counted over all records of the payload in
 *                                  order) of the first record with {@code maxTimestamp}; add the
 *                                  payload's assigned base offset to get its offset. -1 if no record
 *                                  has a timestamp.
 */
public record ValidationResult(int batchCount, int recordCount, long maxTimestamp, long offsetOfMaxTimestampDelta) {
}
