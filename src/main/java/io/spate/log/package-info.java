/**
 * Storage: one {@link io.spate.log.PartitionLog} per partition, made of
 * {@link io.spate.log.LogSegment}s, all under a data directory owned by a
 * {@link io.spate.log.LogManager}.
 *
 * <h2>On disk</h2>
 * <pre>
 * &lt;data&gt;/.lock                                   held (FileChannel.tryLock) by the LogManager
 * &lt;data&gt;/.clean_shutdown                         written by a clean LogManager.close(), removed on open
 * &lt;data&gt;/&lt;topic&gt;-&lt;partition&gt;/
 *     00000000000000000000.log        batches exactly as appended (Kafka RecordBatch v2)
 *     00000000000000000000.index      OffsetIndex: 8-byte entries (int32 relative offset, int32 position)
 *     00000000000000000000.timeindex  TimeIndex: 12-byte entries (int64 timestamp, int32 relative offset)
 *     00000000000000004096.log …      one trio per segment, named by its 20-digit base offset
 *     partition.checkpoint            recovery point, high watermark, log start offset (PartitionCheckpoint)
 *     leader-epoch-checkpoint         epoch → start offset, Kafka's format (LeaderEpochCheckpointFile)
 *     *.deleted                       files of deleted segments, removed after file.delete.delay.ms
 * </pre>
 * All integers are big endian. Checkpoint files are replaced atomically (tmp file, fsync, rename,
 * directory fsync).
 *
 * <h2>Threading</h2>
 * A {@code PartitionLog} is confined to its owner, the partition's event-loop context: appends, reads,
 * index updates, roll, retention, truncation and high-watermark moves happen there, without locks.
 * Two operations may run on a worker meanwhile: {@link io.spate.log.PartitionLog#flush()} (fsync; the
 * owner then records the covered offset with {@code markFlushed}) and
 * {@link io.spate.log.PartitionLog#checkpoint()}. The segment map is a concurrent skip list and the
 * four offsets are volatile for their sake; nothing else is shared. {@code LogManager} is thread-safe.
 * Every method that touches files can take a disk's latency: the broker keeps fsyncs and checkpoints
 * off the event loop.
 *
 * <h2>Errors</h2>
 * I/O failures surface as {@link io.spate.log.LogStorageException} (partition and path in the message;
 * the broker answers {@code KAFKA_STORAGE_ERROR}) and take the log offline for writes; a read outside
 * the log is an {@link io.spate.log.OffsetOutOfRangeException} ({@code OFFSET_OUT_OF_RANGE}); a bad
 * topic setting an {@link io.spate.log.InvalidConfigException} ({@code INVALID_CONFIG}). The package
 * does not depend on {@code io.spate.protocol}: the broker maps these to wire error codes in one place.
 */
package io.spate.log;
