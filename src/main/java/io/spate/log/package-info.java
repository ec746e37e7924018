/**
 * Storage: one {@link io.spate.log.PartitionLog} per partition, made of
 * {@link io.spate.log.LogSegment}s, all under a data directory owned by a
 * {@link io.spate.log.LogManager}.
 *
 * <h2>On disk</h2>
 * <pre>
 * &lt;data&gt;/.lock                                   held (FileChannel.tryLock) by the LogManager
 * &lt;data&gt;/.clean_shutdown                         written by a clean LogManager.close(), removed on open
 * &lt;data&gt;/meta/index-format.json                 the indexes' convention (IndexFormat)
 * &lt;data&gt;/&lt;topic&gt;-&lt;partition&gt;/
 *     00000000000000000000.log        batches exactly as appended (Kafka RecordBatch v2)
 *     00000000000000000000.index      OffsetIndex: 8-byte entries (int32 relative offset, int32 position),
 *                                     Kafka's: an entry names the last offset of the batch at the position
 *     00000000000000000000.timeindex  TimeIndex: 12-byte entries (int64 timestamp, int32 relative offset
 *                                     of the last offset of the batch holding it), Kafka's
 *     00000000000000004096.log …      one trio per segment, named by its 20-digit base offset
 *     partition.checkpoint            recovery point, high watermark, log start offset (PartitionCheckpoint)
 *     leader-epoch-checkpoint         epoch → start offset, Kafka's format (LeaderEpochCheckpointFile)
 *     *.deleted                       files of deleted segments, removed after file.delete.delay.ms
 *     00000000000000000010.log.cleaned  a cleaned copy being written (deleted on open: may be partial)
 *     00000000000000000010.log.swap     a complete, fsynced cleaned copy (replaces the .log on open)
 *     00000000000000000010.snapshot     the producer state as of offset 10 (ProducerStateSnapshot)
 * </pre>
 * Segment file names are built and parsed by {@code LogFileUtils} only. All integers are big endian.
 * Checkpoint files are replaced atomically (tmp file, fsync, rename, directory fsync).
 *
 * <h2>Threading</h2>
 * A {@code PartitionLog} is confined to its owner, the partition's event-loop context: appends, reads,
 * index updates, roll, retention, truncation and high-watermark moves happen there, without locks.
 * Two operations may run on a worker meanwhile: {@link io.spate.log.PartitionLog#flush()} (fsync; the
 * owner then records the covered offset with {@code markFlushed}) and
 * {@link io.spate.log.PartitionLog#checkpoint()}. For their sake the set of segments
 * ({@code LogSegments}) can be iterated while the owner changes it, the four offsets are published
 * together as one immutable {@code LogOffsets} in a volatile field, a checkpoint and a truncation take
 * one lock ({@code LogCheckpointer}), and the few other things a worker touches say in their own
 * Javadoc how they are shared ({@code LogLifecycle}, {@code LeaderEpochCache}, {@code LogFlusher}).
 * {@code LogManager} is thread-safe.
 * Every method that touches files can take a disk's latency: the broker keeps fsyncs and checkpoints
 * off the event loop.
 *
 * <h2>Compaction</h2>
 * For cleanup.policy {@code compact} (and {@code compact,delete}, where retention applies as well) a
 * {@link io.spate.log.CleanerPass} keeps the newest record per key, in three steps: snapshot on the
 * owner ({@code PartitionLog.prepareCleaning}), key map and cleaned copies on a worker
 * ({@code CleanerPass.run}), swap on the owner ({@code PartitionLog.completeCleaning}); see those
 * classes and {@code SegmentCleaner} for the rules. What it guarantees: the active segment and
 * anything at or above the high watermark are never touched; records keep their offsets and order
 * (offsets get gaps; a read at a removed offset returns the next batch); the log start and end offsets
 * do not move; a read result taken before a swap keeps reading the old file (it is renamed
 * {@code .deleted} and removed after file.delete.delay.ms); a crash at any point leaves either the old
 * segment or a {@code .swap} that recovery completes.
 *
 * <p>Departures from Kafka's cleaner, deliberately simpler:
 * <ul>
 * <li>No cleaner checkpoint, dirty ratio or min.compaction.lag: every pass reads every closed segment
 *     below the high watermark and rewrites only those that shrink. The broker runs a pass per
 *     compacted partition every log.cleaner.interval.ms.</li>
 * <li>Segments are cleaned one to one (same base offset), never grouped: a segment left empty is
 *     removed from the log instead (except the first, kept empty so the log start keeps its segment),
 *     so the segment count stays bounded by the number of keys.</li>
 * <li>The key map is bounded ({@code CleanerPass.DEFAULT_MAX_KEYS}, MD5 digests, 24 bytes a slot) and
 *     filled from the newest segment backwards: with more keys than that, only the keys of the newest
 *     part are compacted in a pass.</li>
 * <li>Tombstone age is the tombstone batch's max timestamp (for LogAppendTime the append time), not a
 *     delete horizon written into the batch at first cleaning (KIP-534): a CreateTime tombstone from a
 *     producer whose clock is far behind can go sooner than delete.retention.ms after it was written.</li>
 * <li>Rebuilt batches keep their base offset, last offset delta, epoch, producer fields, codec and
 *     timestamp type; a batch with no survivor is dropped (Kafka keeps empty batches for producer
 *     state; Spate has no idempotent producer state yet). Control batches are kept whole.</li>
 * <li>A pass that fails on its worker (a segment deleted meanwhile, a read error) removes its files and
 *     leaves the log online; a failing swap takes the log offline like any write error.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * I/O failures surface as {@link io.spate.log.LogStorageException} (partition and path in the message;
 * the broker answers {@code KAFKA_STORAGE_ERROR}) and take the log offline for writes. Damage found in the
 * files (a {@link io.spate.log.SegmentCorruptionException} as the cause: file, byte position, reason) takes
 * the log offline too: met by a read, nothing past it is served; met at load, nothing is cut and
 * {@link io.spate.log.LogManager} holds the partition as {@link io.spate.log.PartitionLog#unloadable}. A read outside
 * the log is an {@link io.spate.log.OffsetOutOfRangeException} ({@code OFFSET_OUT_OF_RANGE}); a bad
 * topic setting an {@link io.spate.log.InvalidConfigException} ({@code INVALID_CONFIG}). The package
 * does not depend on {@code io.spate.protocol}: the broker maps these to wire error codes in one place.
 */
package io.spate.log;
