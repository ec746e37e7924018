package io.spate.log;

import io.spate.common.Time;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Owns a broker's data directory: holds its lock, finds and recovers the partition logs in it, creates
 * and deletes them, and marks a clean shutdown.
 *
 * <p>Layout of {@code <data>}:
 * <pre>
 * .lock                    locked (FileChannel.tryLock) while a LogManager has the directory open
 * .clean_shutdown          present only between a clean close() and the next open()
 * meta/index-format.json   the convention of the segment indexes ({@link IndexFormat}); the node's
 *                          other files in meta/ belong to other packages
 * &lt;topic&gt;-&lt;partition&gt;/     one {@link PartitionLog} each; topic names may hold '-' and '.', the
 *                          partition is after the last '-'
 * &lt;topic&gt;-&lt;partition&gt;.&lt;ms&gt;-delete/   a log being deleted; removed on open
 * quarantine/&lt;topic&gt;-&lt;partition&gt;.&lt;ms&gt;/   a directory the catalogue did not name at open, set
 *                          aside (never opened, never deleted: for an operator to look at)
 * </pre>
 *
 * <p>Threading: thread-safe; {@link #get} is a map lookup, every other method does file I/O (and
 * {@link #open} recovers every log), so callers keep them off event loops. Each returned
 * {@link PartitionLog} is then confined to its owner thread as its Javadoc says.
 */
public final class LogManager {
    public static final String LOCK_FILE = ".lock";
    public static final String CLEAN_SHUTDOWN_FILE = ".clean_shutdown";
    static final String DELETE_DIR_SUFFIX = "-delete";
    /** The node's own files (catalogue, identity) beside the partition directories. */
    public static final String NODE_META_DIR = "meta";
    /** Where {@link Unnamed#QUARANTINE} moves the directories no catalogue names. */
    public static final String QUARANTINE_DIR = "quarantine";
    /** Kafka's legal topic names: 1 to 249 of [a-zA-Z0-9._-], not "." or "..". */
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final System.Logger LOG = System.getLogger(LogManager.class.getName());

    private final Path dataDir;
    private final Time clock;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<String, PartitionLog> logs = new ConcurrentHashMap<>();
    private boolean closed;
    private boolean openedClean; // the previous shutdown was clean: set by loadLogs
    private int segmentsReindexedAtOpen; // set by loadLogs

    /** What {@link #open(Path, Time, Function, BiPredicate, Unnamed)} does with a directory the catalogue does not name. */
    public enum Unnamed {
        /** Moved into {@code <data>/quarantine/} with a warning: a single node's catalogue is the whole truth. */
        QUARANTINE,
        /**
         * Left where it is, closed, with a warning; {@link #create} opens it (recovering it if the
         * node did not stop cleanly) if it is assigned here later: a clustered node's catalogue at
         * start may be older than the cluster's, and a replica's files are worth keeping.
         */
        LEAVE_CLOSED
    }

    private LogManager(Path dataDir, Time clock, FileChannel lockChannel, FileLock lock) {
        this.dataDir = dataDir;
        this.clock = clock;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** {@link #open(Path, Time, Function)} recovering every log with {@link LogConfig#defaults()}. */
    public static LogManager open(Path dataDir, Time clock) {
        return open(dataDir, clock, topic -> LogConfig.defaults());
    }

    /**
     * Locks {@code dataDir} (creating it if needed), then opens every {@code <topic>-<partition>}
     * directory in it with the config {@code configs} gives for its topic, recovering each unless the
     * previous shutdown was clean, and removes the clean-shutdown marker (durably) before returning.
     *
     * @throws DataDirLockedException if another LogManager, in this process or another, holds the lock
     * @throws LogStorageException if the directory cannot be used or a log cannot be opened
     */
    public static LogManager open(Path dataDir, Time clock, Function<String, LogConfig> configs) {
        return open(dataDir, clock, configs, (topic, partition) -> true, Unnamed.LEAVE_CLOSED);
    }

    /**
     * As {@link #open(Path, Time, Function)}, opening only the {@code <topic>-<partition>}
     * directories that {@code named} accepts (the catalogue's partitions held here); the others are
     * never opened, and are dealt with as {@code unnamed} says.
     */
    public static LogManager open(Path dataDir, Time clock, Function<String, LogConfig> configs,
                                  BiPredicate<String, Integer> named, Unnamed unnamed) {
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new DataDirLockedException(dataDir);
            }
            LogManager manager = new LogManager(dataDir, clock, channel, lock);
            manager.loadLogs(configs, named, unnamed);
            return manager;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LogStorageException("-", dataDir, "open data directory", e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private void loadLogs(Function<String, LogConfig> configs, BiPredicate<String, Integer> named, Unnamed unnamed)
            throws IOException {
        Path marker = dataDir.resolve(CLEAN_SHUTDOWN_FILE);
        boolean clean = Files.exists(marker);
        openedClean = clean;
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dataDir, Files::isDirectory)) {
            entries.forEach(dirs::add);
        }
        Map<Path, String> partitionDirs = new java.util.LinkedHashMap<>();
        Map<Path, String> kept = new java.util.LinkedHashMap<>();
        for (Path dir : dirs) {
            String name = dir.getFileName().toString();
            int dash = name.lastIndexOf('-');
            Integer partition = dash > 0 ? parsePartition(name.substring(dash + 1)) : null;
            if (!isNodeDir(name) && partition != null && isLegalTopic(name.substring(0, dash))) {
                partitionDirs.put(dir, name.substring(0, dash));
                if (unnamed == Unnamed.LEAVE_CLOSED || named.test(name.substring(0, dash), partition)) {
                    kept.put(dir, name.substring(0, dash));
                }
            }
        }
        // before any log is opened: the indexes of every partition kept here, opened now or later, in this
        // build's format (a directory about to be quarantined is left exactly as it is)
        segmentsReindexedAtOpen = IndexFormat.upgrade(dataDir, kept, configs, clock);
        try {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (name.equals(NODE_META_DIR) || name.equals(QUARANTINE_DIR)) {
                    continue;
                }
                if (name.endsWith(DELETE_DIR_SUFFIX)) {
                    deleteRecursively(dir);
                    continue;
                }
                String topic = partitionDirs.get(dir);
                if (topic == null) {
                    LOG.log(System.Logger.Level.WARNING, "ignoring " + dir + ": not a <topic>-<partition> directory");
                    continue;
                }
                int partition = Integer.parseInt(name.substring(topic.length() + 1));
                if (!named.test(topic, partition)) {
                    setAside(dir, unnamed);
                    continue;
                }
                logs.put(name, openOrHoldOffline(dir, topic, partition, configs.apply(topic), clean));
            }
        } catch (IOException | RuntimeException e) {
            for (PartitionLog log : logs.values()) {
                try {
                    log.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        // from here on, writes may leave the logs unclean: the next open must not trust them blindly
        if (Files.deleteIfExists(marker)) {
            CheckpointFile.fsyncDirectory(dataDir);
        }
    }

    /** The node's own directories beside the partitions: its files, the quarantine, logs being deleted. */
    private static boolean isNodeDir(String name) {
        return name.equals(NODE_META_DIR) || name.equals(QUARANTINE_DIR) || name.endsWith(DELETE_DIR_SUFFIX);
    }

    /**
     * How many segments had their indexes rewritten by this open, the one-time upgrade of an older
     * index format ({@link IndexFormat}); 0 once a data directory is in this build's format.
     */
    int segmentsReindexedAtOpen() {
        return segmentsReindexedAtOpen;
    }

    private void setAside(Path dir, Unnamed unnamed) throws IOException {
        if (unnamed == Unnamed.LEAVE_CLOSED) {
            LOG.log(System.Logger.Level.WARNING, "not opening " + dir + ": no topic held here names it"
                    + " (it is opened if the partition is assigned to this node again)");
            return;
        }
        Path aside = dataDir.resolve(QUARANTINE_DIR).resolve(dir.getFileName() + "." + clock.milliseconds());
        Files.createDirectories(aside.getParent());
        Files.move(dir, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        CheckpointFile.fsyncDirectory(dataDir);
        LOG.log(System.Logger.Level.WARNING, "quarantined " + dir + " as " + aside
                + ": no topic in the catalogue names it; it was not opened (delete it, or look at it, by hand)");
    }

    /**
     * Opens one partition's log; if its files fail the load (damage recovery may not cut, see
     * {@link LogLoader}, or an I/O error), holds it offline instead ({@link PartitionLog#unloadable}):
     * logged as an ERROR, nothing in the directory deleted or changed, the other partitions served.
     */
    private PartitionLog openOrHoldOffline(Path dir, String topic, int partition, LogConfig config, boolean clean) {
        try {
            return PartitionLog.open(dir, topic, partition, config, clock, clean);
        } catch (LogStorageException e) {
            String where = e.getCause() instanceof SegmentCorruptionException c
                    ? "file " + c.file() + " at byte position " + c.position() + ": " + c.reason()
                    : e.getMessage();
            LOG.log(System.Logger.Level.ERROR, "partition " + topic + "-" + partition + " is OFFLINE: its log failed "
                    + "to load, " + where + ". Nothing was deleted or cut; it answers KAFKA_STORAGE_ERROR until an "
                    + "operator repairs it (docs/operations.md, \"Corrupt segments\")", e);
            return PartitionLog.unloadable(dir, topic, partition, config, clock, e);
        }
    }

    /**
     * The log of {@code topic}/{@code partition}, created empty in {@code <data>/<topic>-<partition>} if
     * it does not exist yet. An existing log is returned with {@code config} applied.
     *
     * @throws IllegalArgumentException for an illegal topic name or a negative partition
     */
    public synchronized PartitionLog create(String topic, int partition, LogConfig config) {
        ensureOpen();
        if (!isLegalTopic(topic) || partition < 0) {
            throw new IllegalArgumentException("illegal topic-partition '" + topic + "'/" + partition
                    + ": topics are 1 to 249 of [a-zA-Z0-9._-], not '.' or '..'; partitions are >= 0");
        }
        String name = topic + "-" + partition;
        PartitionLog existing = logs.get(name);
        if (existing != null) {
            existing.updateConfig(config);
            return existing;
        }
        Path dir = dataDir.resolve(name);
        boolean fresh = !Files.exists(dir);
        try {
            // a directory left closed at open (LEAVE_CLOSED) is as the last shutdown left it
            PartitionLog log = PartitionLog.open(dir, topic, partition, config, clock, fresh || openedClean);
            logs.put(name, log);
            return log;
        } catch (RuntimeException e) {
            if (fresh) {
                removePartial(dir, e); // all or nothing: no half-made partition directory stays behind
            }
            throw e;
        }
    }

    private static void removePartial(Path dir, RuntimeException cause) {
        try {
            if (Files.exists(dir)) {
                deleteRecursively(dir);
            }
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** Whether a directory of {@code topic}/{@code partition} exists, open or not. */
    public boolean exists(String topic, int partition) {
        return Files.exists(dataDir.resolve(topic + "-" + partition));
    }

    public Optional<PartitionLog> get(String topic, int partition) {
        return Optional.ofNullable(logs.get(topic + "-" + partition));
    }

    /** A snapshot of every open log, in no particular order. */
    public Collection<PartitionLog> all() {
        return List.copyOf(logs.values());
    }

    /**
     * Closes a partition's log without flushing it and removes its directory: renamed to
     * {@code <name>.<ms>-delete} first (a crash part way through leaves a directory the next start
     * removes), then deleted. See {@link #deleteAll}.
     */
    public synchronized void delete(String topic, int partition) {
        deleteAll(List.of(topic + "-" + partition));
    }

    /**
     * Deletes the logs of these partitions ({@code <topic>-<partition>}; unknown ones are skipped): each
     * is closed without a flush ({@link PartitionLog#closeForDeletion}: no one reads its bytes again),
     * its directory renamed for deletion, the data directory fsynced once for all the renames, then
     * the directories removed. Every partition is tried; the first failure is thrown after, the others
     * added to it as suppressed.
     */
    public synchronized void deleteAll(Collection<String> partitions) {
        ensureOpen();
        LogStorageException failure = null;
        List<Path> doomed = new ArrayList<>();
        for (String name : partitions) {
            PartitionLog log = logs.remove(name);
            if (log == null) {
                continue;
            }
            log.closeForDeletion();
            Path renamed = dataDir.resolve(log.name() + "." + clock.milliseconds() + DELETE_DIR_SUFFIX);
            try {
                Files.move(log.dir(), renamed, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                doomed.add(renamed);
            } catch (IOException e) {
                failure = add(failure, new LogStorageException(log.name(), log.dir(), "delete", e));
            }
        }
        if (doomed.isEmpty()) {
            if (failure != null) {
                throw failure;
            }
            return;
        }
        try {
            CheckpointFile.fsyncDirectory(dataDir);
        } catch (IOException e) {
            failure = add(failure, new LogStorageException("data directory", dataDir, "delete", e));
        }
        for (Path dir : doomed) {
            try {
                deleteRecursively(dir);
            } catch (IOException e) {
                failure = add(failure, new LogStorageException(dir.getFileName().toString(), dir, "delete", e));
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static LogStorageException add(LogStorageException first, LogStorageException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /**
     * Closes every log; if all closed cleanly, writes {@code .clean_shutdown} (fsynced) so the next
     * open trusts the files; then releases the lock. Idempotent. Call it once the logs' owners have
     * stopped using them (no append or flush running): it closes each log from the calling thread.
     *
     * @throws LogStorageException if a log failed to close (the marker is then not written; the other
     *         logs are closed and the lock released anyway)
     */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LogStorageException failure = null;
        for (PartitionLog log : logs.values()) {
            try {
                log.close();
            } catch (LogStorageException e) {
                failure = failure == null ? e : failure;
            }
        }
        try {
            if (failure == null) {
                Path marker = dataDir.resolve(CLEAN_SHUTDOWN_FILE);
                try (FileChannel ch = FileChannel.open(marker, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                CheckpointFile.fsyncDirectory(dataDir);
            }
        } catch (IOException e) {
            failure = new LogStorageException("-", dataDir, "write clean shutdown marker", e);
        } finally {
            try {
                lock.release();
            } catch (IOException ignored) {
                // closing the channel releases the lock as well
            }
            closeQuietly(lockChannel);
        }
        if (failure != null) {
            throw failure;
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    static boolean isLegalTopic(String topic) {
        return TOPIC.matcher(topic).matches() && !topic.equals(".") && !topic.equals("..");
    }

    /** The partition number if {@code s} is one written canonically (no sign, no leading zeros), else null. */
    private static Integer parsePartition(String s) {
        try {
            int p = Integer.parseInt(s);
            return p >= 0 && Integer.toString(p).equals(s) ? p : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("log manager of " + dataDir + " is closed");
        }
    }

    /** Removes {@code dir} and everything below it. */
    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to do with it
            }
        }
    }
}
