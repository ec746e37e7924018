package io.spate.cluster.raft;

import io.microraft.lifecycle.RaftNodeLifecycleAware;
import io.microraft.model.RaftModelFactory;
import io.microraft.model.log.LogEntry;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.log.SnapshotChunk;
import io.microraft.model.log.SnapshotEntry;
import io.microraft.model.persistence.RaftEndpointPersistentState;
import io.microraft.model.persistence.RaftTermPersistentState;
import io.microraft.persistence.RaftStore;
import io.microraft.persistence.RaftStoreSerializer;
import io.microraft.persistence.RestoredRaftState;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * MicroRaft's {@link RaftStore} on local files, in one directory ({@code <data.dir>/meta/raft/}):
 *
 * <ul>
 * <li>{@code endpoint}, {@code initial-members}, {@code term}: the local endpoint and its voting flag, the
 *     initial group members, the term and vote, each a {@link RaftStateFile} replaced atomically and
 *     durable when its {@code persistAndFlush…} method returns;</li>
 * <li>{@code raft.log}: the log entries ({@link RaftLogFile}), appended by {@link #persistLogEntries} and
 *     durable at {@link #flush}; a truncation of its tail is durable when {@link #truncateLogEntriesFrom}
 *     returns; the prefix a snapshot covers is dropped by a rewrite in {@link #truncateLogEntriesUntil};</li>
 * <li>{@code snapshot-<index>.chunks}: the snapshots ({@link SnapshotFiles}); a complete one becomes the
 *     durable one at {@link #flush}, which then deletes the older ones.</li>
 * </ul>
 *
 * The store does not read the bytes the {@link RaftStoreSerializer} produces, except to hand them back. It
 * checks what MicroRaft asks: entries arrive with consecutive indexes (after a durable snapshot the next
 * one may jump to just past it), truncations stay above the durable snapshot; a call that breaks this is a
 * programming error ({@link IllegalArgumentException}) and changes nothing. After an {@link IOException}
 * every later change fails with it: the files may no longer be what the store believes they are.
 *
 * <p>{@link #open} reads the directory back (see {@link #restoredState()}). Not thread-safe: the Raft
 * node's executor is its only caller once the node runs. Every method blocks on the disk.
 */
public final class FileRaftStore implements RaftStore, RaftNodeLifecycleAware, Closeable {
    static final String ENDPOINT_FILE = "endpoint";
    static final String MEMBERS_FILE = "initial-members";
    static final String TERM_FILE = "term";

    private final Path dir;
    private final RaftStoreSerializer serializer;
    private final RaftLogFile log;
    private final SnapshotFiles snapshots;
    private final RestoredRaftState restored;
    private IOException failure;

    private FileRaftStore(Path dir, RaftStoreSerializer serializer, RaftLogFile log, SnapshotFiles snapshots,
            RestoredRaftState restored) {
        this.dir = dir;
        this.serializer = serializer;
        this.log = log;
        this.snapshots = snapshots;
        this.restored = restored;
    }

    /**
     * Opens the store in {@code dir}, creating it if there is none, and reads back what it holds. A torn
     * tail of the log is cut (with a warning) and incomplete snapshots are deleted; any other damage throws
     * {@link RaftStoreCorruptionException} and changes nothing.
     *
     * @param modelFactory builds the restored snapshot entry from its chunks, and the term 0 of a node that
     *     never saw a term
     */
    public static FileRaftStore open(Path dir, RaftStoreSerializer serializer, RaftModelFactory modelFactory)
            throws IOException {
        Files.createDirectories(dir);
        Path logFile = dir.resolve(RaftLogFile.FILE_NAME);
        Optional<byte[]> endpoint = RaftStateFile.read(dir.resolve(ENDPOINT_FILE));
        Optional<byte[]> members = RaftStateFile.read(dir.resolve(MEMBERS_FILE));
        Optional<byte[]> term = RaftStateFile.read(dir.resolve(TERM_FILE));
        if (!Files.exists(logFile)) {
            // the log is made before anything else is written, so its absence means a new directory
            if (endpoint.isPresent() || members.isPresent() || term.isPresent() || hasSnapshotFiles(dir)) {
                throw new RaftStoreCorruptionException(logFile, 0,
                        "missing, while the directory holds the Raft state written after it");
            }
            RaftLogFile created = RaftLogFile.create(dir);
            return new FileRaftStore(dir, serializer, created, new SnapshotFiles(dir, 0), null);
        }
        RaftLogFile.Loaded loaded = RaftLogFile.open(dir, serializer.logEntrySerializer()::deserialize);
        try {
            Optional<SnapshotFiles.Restored> snapshot = SnapshotFiles.load(dir,
                    serializer.snapshotChunkSerializer()::deserialize);
            long snapshotIndex = snapshot.map(SnapshotFiles.Restored::index).orElse(0L);
            if (loaded.log().baseIndex() - 1 > snapshotIndex) {
                throw new RaftStoreCorruptionException(logFile, 0, "the log starts at index "
                        + loaded.log().baseIndex() + " but the newest complete snapshot is "
                        + (snapshotIndex == 0 ? "none" : "at index " + snapshotIndex) + ": entries "
                        + (snapshotIndex + 1) + ".." + (loaded.log().baseIndex() - 1) + " are nowhere");
            }
            boolean hasHistory = !loaded.entries().isEmpty() || term.isPresent() || snapshot.isPresent();
            RestoredRaftState restored = null;
            if (endpoint.isEmpty() || members.isEmpty()) {
                // MicroRaft writes the endpoint, then the members, before anything else: a crash between
                // them leaves a node that never ran, which starts afresh
                if (hasHistory || (endpoint.isEmpty() && members.isPresent())) {
                    throw new RaftStoreCorruptionException(dir.resolve(endpoint.isEmpty() ? ENDPOINT_FILE
                            : MEMBERS_FILE), 0, "missing, while the directory holds the Raft state written after it");
                }
            } else {
                restored = new RestoredRaftState(
                        decode(dir.resolve(ENDPOINT_FILE), endpoint.get(),
                                serializer.raftEndpointPersistentStateSerializer()),
                        decode(dir.resolve(MEMBERS_FILE), members.get(), serializer.raftGroupMembersViewSerializer()),
                        term.isPresent() ? decode(dir.resolve(TERM_FILE), term.get(), serializer.raftTermPersistentState())
                                : modelFactory.createRaftTermPersistentStateBuilder().setTerm(0).setVotedFor(null)
                                        .build(),
                        snapshot.map(s -> snapshotEntry(s, modelFactory)).orElse(null), loaded.entries());
            }
            return new FileRaftStore(dir, serializer, loaded.log(), new SnapshotFiles(dir, snapshotIndex), restored);
        } catch (IOException | RuntimeException e) {
            loaded.log().close();
            throw e;
        }
    }

    /**
     * What the directory held when it was opened, for {@code RaftNode.newBuilder().setRestoredState(…)}:
     * empty for a new directory (start the node with its initial members instead).
     */
    public Optional<RestoredRaftState> restoredState() {
        return Optional.ofNullable(restored);
    }

    /** The directory of the store. */
    public Path directory() {
        return dir;
    }

    @Override
    public void persistAndFlushLocalEndpoint(RaftEndpointPersistentState state) throws IOException {
        byte[] bytes = serializer.raftEndpointPersistentStateSerializer().serialize(state);
        guard(() -> RaftStateFile.write(dir.resolve(ENDPOINT_FILE), bytes));
    }

    @Override
    public void persistAndFlushInitialGroupMembers(RaftGroupMembersView members) throws IOException {
        byte[] bytes = serializer.raftGroupMembersViewSerializer().serialize(members);
        guard(() -> RaftStateFile.write(dir.resolve(MEMBERS_FILE), bytes));
    }

    @Override
    public void persistAndFlushTerm(RaftTermPersistentState term) throws IOException {
        byte[] bytes = serializer.raftTermPersistentState().serialize(term);
        guard(() -> RaftStateFile.write(dir.resolve(TERM_FILE), bytes));
    }

    @Override
    public void persistLogEntries(List<LogEntry> entries) throws IOException {
        if (entries.isEmpty()) {
            return;
        }
        checkUsable();
        long first = entries.get(0).getIndex();
        boolean followsSnapshot = first > log.nextIndex() && first - 1 <= snapshots.durableIndex();
        if (first != log.nextIndex() && !followsSnapshot) {
            throw new IllegalArgumentException("the log entry of index " + first + " does not follow the log, "
                    + "whose next index is " + log.nextIndex() + " (durable snapshot at index "
                    + snapshots.durableIndex() + ")");
        }
        List<byte[]> encoded = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).getIndex() != first + i) {
                throw new IllegalArgumentException("log entries to persist skip from index " + (first + i - 1)
                        + " to " + entries.get(i).getIndex());
            }
            encoded.add(serializer.logEntrySerializer().serialize(entries.get(i)));
        }
        guard(() -> {
            if (followsSnapshot) {
                log.restartAt(first);
            }
            log.append(entries, encoded);
        });
    }

    @Override
    public void persistSnapshotChunk(SnapshotChunk chunk) throws IOException {
        checkUsable();
        byte[] bytes = serializer.snapshotChunkSerializer().serialize(chunk);
        guard(() -> snapshots.persist(chunk, bytes));
    }

    @Override
    public void truncateLogEntriesFrom(long logIndexInclusive) throws IOException {
        checkUsable();
        if (logIndexInclusive <= snapshots.durableIndex()) {
            throw new IllegalArgumentException("cannot truncate the log from index " + logIndexInclusive
                    + ": the durable snapshot at index " + snapshots.durableIndex() + " covers it");
        }
        guard(() -> log.truncateFrom(logIndexInclusive));
    }

    @Override
    public void truncateLogEntriesUntil(long logIndexInclusive) throws IOException {
        checkUsable();
        if (logIndexInclusive > snapshots.durableIndex()) {
            throw new IllegalArgumentException("cannot drop the log up to index " + logIndexInclusive
                    + ": the durable snapshot is at index " + snapshots.durableIndex());
        }
        guard(() -> log.truncateUntil(logIndexInclusive));
    }

    @Override
    public void deleteSnapshotChunks(long logIndex, int snapshotChunkCount) throws IOException {
        checkUsable();
        guard(() -> snapshots.delete(logIndex));
    }

    @Override
    public void flush() throws IOException {
        checkUsable();
        guard(() -> {
            log.force();
            snapshots.flush();
        });
    }

    @Override
    public void onRaftNodeTerminate() {
        try {
            close();
        } catch (IOException e) {
            // the node is gone; what was flushed is on disk, what was not never counted
            System.getLogger(FileRaftStore.class.getName()).log(System.Logger.Level.WARNING,
                    "closing the Raft store in " + dir + " failed", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            snapshots.close();
        } finally {
            log.close();
        }
    }

    private interface DiskWork {
        void run() throws IOException;
    }

    /** Runs a change; its IOException sticks, so that later changes fail instead of half-working. */
    private void guard(DiskWork work) throws IOException {
        checkUsable();
        try {
            work.run();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    private void checkUsable() throws IOException {
        if (failure != null) {
            throw new IOException("the Raft store in " + dir + " failed earlier and takes no more changes", failure);
        }
    }

    private static SnapshotEntry snapshotEntry(SnapshotFiles.Restored s, RaftModelFactory modelFactory) {
        SnapshotChunk first = s.chunks().get(0);
        return modelFactory.createSnapshotEntryBuilder().setIndex(s.index()).setTerm(first.getTerm())
                .setSnapshotChunks(s.chunks()).setGroupMembersView(first.getGroupMembersView()).build();
    }

    private static <T> T decode(Path file, byte[] bytes, RaftStoreSerializer.Serializer<T> serializer)
            throws RaftStoreCorruptionException {
        try {
            T value = serializer.deserialize(bytes);
            if (value == null) {
                throw new IllegalArgumentException("the serializer returned null");
            }
            return value;
        } catch (RuntimeException e) {
            RaftStoreCorruptionException failure = new RaftStoreCorruptionException(file, 0,
                    "cannot be decoded: " + e);
            failure.initCause(e);
            throw failure;
        }
    }

    private static boolean hasSnapshotFiles(Path dir) throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "snapshot-*.chunks")) {
            return stream.iterator().hasNext();
        }
    }
}
