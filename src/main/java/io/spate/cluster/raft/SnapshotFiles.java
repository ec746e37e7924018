package io.spate.cluster.raft;

import io.microraft.model.log.SnapshotChunk;
import io.spate.log.AtomicFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The snapshots of the Raft log: one file per snapshot index, {@code snapshot-<20-digit index>.chunks},
 * holding its chunks in the order they arrived (MicroRaft may persist them in any order), one
 * {@link FramedRecords} record each: body = int64 snapshot index, int32 chunk index, int32 chunk count, then
 * the chunk as the serializer wrote it.
 *
 * <p>A snapshot is <em>complete</em> when its file holds every chunk {@code 0 .. count-1}. At
 * {@link #flush} a complete snapshot becomes the durable one (file and directory fsynced), and only then
 * are the files of older snapshots deleted, so a complete snapshot is on disk at every moment once one
 * was flushed. An incomplete file is never used (MicroRaft installs a snapshot from its first chunk again
 * after a restart); it is deleted with the older files when a newer snapshot becomes durable.
 *
 * <p>Not thread-safe: only the Raft node's executor calls it.
 */
final class SnapshotFiles implements Closeable {
    private static final System.Logger LOG = System.getLogger(SnapshotFiles.class.getName());
    private static final Pattern NAME = Pattern.compile("snapshot-(\\d{20})\\.chunks");
    /** A chunk record's body holds at least the snapshot index, chunk index and chunk count. */
    private static final int MIN_BODY = Long.BYTES + 2 * Integer.BYTES;

    private final Path dir;
    /** Snapshots being written, by index. */
    private final Map<Long, Pending> pending = new TreeMap<>();
    /** The index of the newest complete snapshot made durable, 0 if none. */
    private long durableIndex;
    /** A file was created or deleted since the last directory fsync. */
    private boolean dirDirty;

    /** The newest complete snapshot found at start-up, its chunks in chunk order. */
    record Restored(long index, List<SnapshotChunk> chunks) {
    }

    private static final class Pending {
        final FileChannel channel;
        final int chunkCount;
        final BitSet seen = new BitSet();
        long end;

        Pending(FileChannel channel, int chunkCount, long end) {
            this.channel = channel;
            this.chunkCount = chunkCount;
            this.end = end;
        }

        boolean complete() {
            return seen.cardinality() == chunkCount;
        }
    }

    SnapshotFiles(Path dir, long durableIndex) {
        this.dir = dir;
        this.durableIndex = durableIndex;
    }

    static String fileName(long index) {
        return String.format("snapshot-%020d.chunks", index);
    }

    /**
     * Finds the newest complete snapshot of {@code dir}. Deletes nothing: an incomplete snapshot newer than
     * it (a crash while one was taken or installed) is ignored with a warning, and removed with the older
     * ones once a newer snapshot is durable. A chunk file whose damage is followed by an intact chunk throws
     * {@link RaftStoreCorruptionException}.
     */
    static Optional<Restored> load(Path dir, Function<byte[], SnapshotChunk> decoder) throws IOException {
        TreeMap<Long, Path> files = new TreeMap<>(Comparator.reverseOrder());
        files.putAll(list(dir));
        for (Map.Entry<Long, Path> f : files.entrySet()) {
            Restored complete = readComplete(f.getValue(), f.getKey(), decoder);
            if (complete != null) {
                // it may have been complete in the page cache only (a crash before its flush): make it
                // durable before Raft acts on it and before the older snapshots are deleted
                try (FileChannel ch = FileChannel.open(f.getValue(), StandardOpenOption.READ)) {
                    ch.force(true);
                }
                AtomicFile.fsyncDirectory(dir);
                return Optional.of(complete);
            }
            LOG.log(System.Logger.Level.WARNING, "{0} is incomplete (a crash while it was written): not used",
                    f.getValue());
        }
        return Optional.empty();
    }

    private static Map<Long, Path> list(Path dir) throws IOException {
        Map<Long, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "snapshot-*.chunks")) {
            for (Path p : stream) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    files.put(Long.parseLong(m.group(1)), p);
                }
            }
        }
        return files;
    }

    /** Appends a chunk (its encoded form); durable at {@link #flush}. A chunk already held is skipped. */
    void persist(SnapshotChunk chunk, byte[] encoded) throws IOException {
        long index = chunk.getIndex();
        int chunkIndex = chunk.getSnapshotChunkIndex();
        int chunkCount = chunk.getSnapshotChunkCount();
        if (chunkCount < 1 || chunkIndex < 0 || chunkIndex >= chunkCount) {
            throw new IllegalArgumentException("snapshot chunk " + chunkIndex + " of " + chunkCount + " at index "
                    + index + " is not a chunk of a snapshot");
        }
        if (index < durableIndex) {
            throw new IllegalArgumentException("snapshot chunk at index " + index
                    + " is older than the durable snapshot at index " + durableIndex);
        }
        if (index == durableIndex) {
            return;
        }
        Pending p = pending.get(index);
        if (p == null) {
            FileChannel ch = FileChannel.open(dir.resolve(fileName(index)), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            p = new Pending(ch, chunkCount, 0);
            pending.put(index, p);
            dirDirty = true;
        } else if (p.chunkCount != chunkCount) {
            throw new IllegalArgumentException("snapshot chunk at index " + index + " says " + chunkCount
                    + " chunks, an earlier chunk said " + p.chunkCount);
        }
        if (p.seen.get(chunkIndex)) {
            return;
        }
        ByteBuffer body = ByteBuffer.allocate(MIN_BODY + encoded.length);
        body.putLong(index).putInt(chunkIndex).putInt(chunkCount).put(encoded).flip();
        ByteBuffer out = ByteBuffer.allocate(FramedRecords.HEADER_BYTES + body.remaining());
        FramedRecords.frame(body, out);
        FramedRecords.writeFully(p.channel, out.flip(), p.end);
        p.end += out.limit();
        p.seen.set(chunkIndex);
    }

    /** Deletes the chunks of a snapshot being written; MicroRaft abandoned it for a newer one. */
    void delete(long index) throws IOException {
        if (index == durableIndex) {
            throw new IllegalArgumentException("the snapshot at index " + index
                    + " is the durable one; only a snapshot being written can be abandoned");
        }
        Pending p = pending.remove(index);
        if (p != null) {
            p.channel.close();
        }
        if (Files.deleteIfExists(dir.resolve(fileName(index)))) {
            dirDirty = true;
        }
    }

    /**
     * Makes every chunk written durable; a snapshot now complete becomes the durable one, and the files of
     * every older snapshot are deleted after it is durable.
     */
    void flush() throws IOException {
        long newest = durableIndex;
        for (Map.Entry<Long, Pending> e : pending.entrySet()) {
            e.getValue().channel.force(false);
            if (e.getValue().complete()) {
                newest = Math.max(newest, e.getKey());
            }
        }
        if (dirDirty) {
            AtomicFile.fsyncDirectory(dir);
            dirDirty = false;
        }
        if (newest == durableIndex) {
            return;
        }
        durableIndex = newest;
        for (var it = pending.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            if (e.getKey() <= newest) {
                e.getValue().channel.close();
                it.remove();
            }
        }
        // the older snapshots, complete or not (leftovers of a crash included), are no longer needed
        for (Map.Entry<Long, Path> f : list(dir).entrySet()) {
            if (f.getKey() < newest) {
                Files.deleteIfExists(f.getValue());
            }
        }
        AtomicFile.fsyncDirectory(dir);
    }

    /** The index of the newest complete, durable snapshot, 0 if none. */
    long durableIndex() {
        return durableIndex;
    }

    @Override
    public void close() throws IOException {
        for (Pending p : pending.values()) {
            p.channel.close();
        }
        pending.clear();
    }

    /** The snapshot in {@code file} if the file holds all its chunks, else null. */
    private static Restored readComplete(Path file, long index, Function<byte[], SnapshotChunk> decoder)
            throws IOException {
        TreeMap<Integer, SnapshotChunk> chunks = new TreeMap<>();
        int count = -1;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long position = 0;
            while (position < size) {
                ByteBuffer body = FramedRecords.readIntact(ch, position, size, MIN_BODY, Long.MIN_VALUE);
                if (body == null) {
                    long intact = FramedRecords.firstIntactAfter(ch, position, size, MIN_BODY, index);
                    if (intact >= 0) {
                        throw new RaftStoreCorruptionException(file, position, "a snapshot chunk is damaged "
                                + "(length or CRC32C) and an intact chunk follows at position " + intact);
                    }
                    // a crash while writing: the chunks after this point are absent
                    break;
                }
                long recordIndex = body.getLong(0);
                int chunkIndex = body.getInt(Long.BYTES);
                int chunkCount = body.getInt(Long.BYTES + Integer.BYTES);
                if (recordIndex != index || chunkCount < 1 || chunkIndex < 0 || chunkIndex >= chunkCount
                        || (count >= 0 && chunkCount != count)) {
                    throw new RaftStoreCorruptionException(file, position, "chunk " + chunkIndex + " of "
                            + chunkCount + " at index " + recordIndex + " does not belong in this file");
                }
                count = chunkCount;
                byte[] bytes = new byte[body.limit() - MIN_BODY];
                body.get(MIN_BODY, bytes);
                SnapshotChunk chunk = decode(file, position, bytes, decoder);
                if (chunk.getIndex() != index || chunk.getSnapshotChunkIndex() != chunkIndex) {
                    throw new RaftStoreCorruptionException(file, position, "the record of chunk " + chunkIndex
                            + " at index " + index + " holds chunk " + chunk.getSnapshotChunkIndex() + " at index "
                            + chunk.getIndex());
                }
                chunks.putIfAbsent(chunkIndex, chunk);
                position += FramedRecords.HEADER_BYTES + body.limit();
            }
        }
        if (count < 0 || chunks.size() != count) {
            return null;
        }
        return new Restored(index, new ArrayList<>(chunks.values()));
    }

    private static SnapshotChunk decode(Path file, long position, byte[] bytes,
            Function<byte[], SnapshotChunk> decoder) throws RaftStoreCorruptionException {
        try {
            SnapshotChunk chunk = decoder.apply(bytes);
            if (chunk == null) {
                throw new IllegalArgumentException("the serializer returned null");
            }
            return chunk;
        } catch (RuntimeException e) {
            RaftStoreCorruptionException failure = new RaftStoreCorruptionException(file, position,
                    "a snapshot chunk cannot be decoded: " + e);
            failure.initCause(e);
            throw failure;
        }
    }
}
