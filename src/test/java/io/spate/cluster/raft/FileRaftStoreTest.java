package io.spate.cluster.raft;

import static io.spate.cluster.raft.TestRaftStoreSerializer.MODELS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.microraft.RaftEndpoint;
import io.microraft.model.log.LogEntry;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.log.SnapshotChunk;
import io.microraft.model.log.SnapshotEntry;
import io.microraft.persistence.RestoredRaftState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRaftStoreTest {
    private static final TestRaftStoreSerializer SERIALIZER = new TestRaftStoreSerializer();
    private static final List<RaftEndpoint> MEMBERS = List.of(new SpateEndpoint(1), new SpateEndpoint(2),
            new SpateEndpoint(3));

    @TempDir
    Path dir;

    @Test
    void aNewDirectoryRestoresNothing() throws IOException {
        try (FileRaftStore store = open()) {
            assertTrue(store.restoredState().isEmpty());
        }
        try (FileRaftStore store = open()) {
            assertTrue(store.restoredState().isEmpty(), "a directory where nothing was persisted is still new");
        }
    }

    @Test
    void whatWasPersistedAndFlushedIsRestored() throws IOException {
        try (FileRaftStore store = open()) {
            initialState(store);
            store.persistAndFlushTerm(MODELS.createRaftTermPersistentStateBuilder().setTerm(3)
                    .setVotedFor(new SpateEndpoint(2)).build());
            store.persistLogEntries(entries(1, 3, 1));
            store.persistLogEntries(entries(4, 5, 3));
            store.flush();
        }
        try (FileRaftStore store = open()) {
            RestoredRaftState restored = store.restoredState().orElseThrow();
            assertEquals(new SpateEndpoint(1), restored.getLocalEndpointPersistentState().getLocalEndpoint());
            assertTrue(restored.getLocalEndpointPersistentState().isVoting());
            assertEquals(MEMBERS, List.copyOf(restored.getInitialGroupMembers().getMembers()));
            assertEquals(0, restored.getInitialGroupMembers().getLogIndex());
            assertEquals(3, restored.getTermPersistentState().getTerm());
            assertEquals(new SpateEndpoint(2), restored.getTermPersistentState().getVotedFor());
            assertNull(restored.getSnapshotEntry());
            assertEquals(List.of("1@1:op1", "2@1:op2", "3@1:op3", "4@3:op4", "5@3:op5"),
                    describe(restored.getLogEntries()));
        }
    }

    @Test
    void aNodeThatNeverSawATermRestoresTermZero() throws IOException {
        try (FileRaftStore store = open()) {
            initialState(store);
        }
        try (FileRaftStore store = open()) {
            RestoredRaftState restored = store.restoredState().orElseThrow();
            assertEquals(0, restored.getTermPersistentState().getTerm());
            assertNull(restored.getTermPersistentState().getVotedFor());
            assertTrue(restored.getLogEntries().isEmpty());
        }
    }

    @Test
    void truncateFromThenAppendReplacesTheTail() throws IOException {
        try (FileRaftStore store = open()) {
            initialState(store);
            store.persistLogEntries(entries(1, 5, 1));
            store.flush();
            store.truncateLogEntriesFrom(3);
            store.persistLogEntries(entries(3, 4, 2));
            store.flush();
        }
        try (FileRaftStore store = open()) {
            assertEquals(List.of("1@1:op1", "2@1:op2", "3@2:op3", "4@2:op4"), restoredEntries(store));
        }
    }

    @Test
    void aTruncationIsOnDiskWhenItReturnsEvenWithoutFlush() throws IOException {
        try (FileRaftStore store = open()) {
            initialState(store);
            store.persistLogEntries(entries(1, 5, 1));
            store.flush();
            long before = Files.size(logFile());
            store.truncateLogEntriesFrom(3);
            assertTrue(Files.size(logFile()) < before);
            // a reader of the disk now (a crash: nothing more is written) finds entries 1..2 only
            Path copy = copyOfDirectory();
            try (FileRaftStore restored = FileRaftStore.open(copy, SERIALIZER, MODELS)) {
                assertEquals(List.of("1@1:op1", "2@1:op2"), restoredEntries(restored));
            }
        }
    }

    @Test
    void truncateUntilAfterASnapshotDropsThePrefixAndKeepsTheRest() throws IOException {
        try (FileRaftStore store = open()) {
            initialState(store);
            store.persistLogEntries(entries(1, 10, 1));
            store.flush();
            // MicroRaft may persist a snapshot's chunks in any order
            store.persistSnapshotChunk(chunk(8, 1, "state-b", 1, 2));
            store.persistSnapshotChunk(chunk(8, 1, "state-a", 0, 2));
            store.flush();
            long before = Files.size(logFile());
            // the leader keeps some entries before its snapshot for slow followers: 7 and 8 stay
            store.truncateLogEntriesUntil(6);
            assertTrue(Files.size(logFile()) < before);
            store.persistLogEntries(entries(11, 11, 2));
            store.flush();
        }
        try (FileRaftStore store = open()) {
            RestoredRaftState restored = store.restoredState().orElseThrow();
            SnapshotEntry snapshot = restored.getSnapshotEntry();
            assertEquals(8, snapshot.getIndex());
            assertEquals(1, snapshot.getTerm());
            assertEquals(2, snapshot.getSnapshotChunkCount());
            assertEquals(List.of("state-a", "state-b"), chunkOperations(snapshot));
            assertEquals(MEMBERS, List.copyOf(snapshot.getGroupMembersView().getMembers()));
            assertEquals(List.of("7@1:op7", "8@1:op8", "9@1:op9", "10@1:op10", "11@2:op11"),
                    describe(restored.getLogEntries()));
        }
    }

    @Test
    void aNewerCompleteSnapshotReplacesTheOlderOne() throws IOException {
        try (FileRaftStore store = open()) {
            initialState(store);
            store.persistLogEntries(entries(1, 10, 1));
            store.persistSnapshotChunk(chunk(4, 1, "four", 0, 1));
            store.flush();
            assertTrue(Files.exists(dir.resolve(SnapshotFiles.fileName(4))));
            store.truncateLogEntriesUntil(4);
            store.persistSnapshotChunk(chunk(9, 1, "nine", 0, 1));
            assertTrue(Files.exists(dir.resolve(SnapshotFiles.fileName(4))), "kept until the newer one is flushed");
            store.flush();
            store.truncateLogEntriesUntil(9);
            assertFalse(Files.exists(dir.resolve(SnapshotFiles.fileName(4))));
        }
        try (FileRaftStore store = open()) {
            RestoredRaftState restored = store.restoredState().orElseThrow();
            assertEquals(List.of("nine"), chunkOperations(restored.getSnapshotEntry()));
            assertEquals(List.of("10@1:op10"), describe(restored.getLogEntries()));
        }
    }

    @Test
    void anIncompleteSnapshotIsNotUsedAndTheCompleteOneStays() throws IOException {
        try (FileRaftStore store = open()) {
            initialState(store);
            store.persistLogEntries(entries(1, 6, 1));
            store.persistSnapshotChunk(chunk(3, 1, "three", 0, 1));
            store.flush();
            store.truncateLogEntriesUntil(3);
            // a crash while a newer snapshot is installed: one chunk of two
            store.persistSnapshotChunk(chunk(20, 4, "twenty-a", 0, 2));
            store.flush();
        }
        try (FileRaftStore store = open()) {
            RestoredRaftState restored = store.restoredState().orElseThrow();
            assertEquals(3, restored.getSnapshotEntry().getIndex());
            assertEquals(List.of("4@1:op4", "5@1:op5", "6@1:op6"), describe(restored.getLogEntries()));
            assertTrue(Files.exists(dir.resolve(SnapshotFiles.fileName(20))), "a start deletes nothing");
            // a newer snapshot installed from the leader, past the abandoned one
            store.persistSnapshotChunk(chunk(25, 4, "twenty-five", 0, 1));
            store.flush();
            assertFalse(Files.exists(dir.resolve(SnapshotFiles.fileName(3))));
            assertFalse(Files.exists(dir.resolve(SnapshotFiles.fileName(20))),
                    "leftovers go with the older snapshots once a newer one is durable");
        }
    }

    @Test
    void aDamagedChunkWithAnIntactOneAfterItStopsTheLoadAndChangesNothing() throws IOException {
        try (FileRaftStore store = open()) {
            initialState(store);
            store.persistLogEntries(entries(1, 6, 1));
            store.persistSnapshotChunk(chunk(5, 1, "five-a", 0, 2));
            store.persistSnapshotChunk(chunk(5, 1, "five-b", 1, 2));
            store.flush();
            store.truncateLogEntriesUntil(5);
        }
        Path snapshot = dir.resolve(SnapshotFiles.fileName(5));
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[FramedRecords.HEADER_BYTES + 20] ^= 0x10;
        Files.write(snapshot, bytes);
        RaftStoreCorruptionException e = assertThrows(RaftStoreCorruptionException.class, this::open);
        assertEquals(snapshot, e.file());
        assertEquals(0, e.position());
        assertArrayEquals(bytes, Files.readAllBytes(snapshot), "the snapshot file is kept as it is");
    }

    @Test
    void deletedSnapshotChunksAreGone() throws IOException {
        try (FileRaftStore store = open()) {
            initialState(store);
            store.persistLogEntries(entries(1, 3, 1));
            store.persistSnapshotChunk(chunk(30, 2, "abandoned", 0, 3));
            store.flush();
            store.deleteSnapshotChunks(30, 3);
            store.flush();
            assertFalse(Files.exists(dir.resolve(SnapshotFiles.fileName(30))));
        }
        try (FileRaftStore store = open()) {
            assertNull(store.restoredState().orElseThrow().getSnapshotEntry());
        }
    }

    @Test
    void anInstalledSnapshotPastTheLogLetsTheLogContinueAfterIt() throws IOException {
        try (FileRaftStore store = open()) {
            initialState(store);
            store.persistLogEntries(entries(1, 3, 1));
            store.flush();
            // a follower far behind receives the leader's snapshot at 50, then entries from 51
            store.persistSnapshotChunk(chunk(50, 5, "fifty", 0, 1));
            store.flush();
            store.truncateLogEntriesUntil(50);
            store.persistLogEntries(entries(51, 52, 5));
            store.flush();
        }
        try (FileRaftStore store = open()) {
            RestoredRaftState restored = store.restoredState().orElseThrow();
            assertEquals(50, restored.getSnapshotEntry().getIndex());
            assertEquals(List.of("51@5:op51", "52@5:op52"), describe(restored.getLogEntries()));
        }
    }

    @Test
    void aCrashBetweenTheSnapshotAndTheTruncationStillContinuesAfterTheSnapshot() throws IOException {
        try (FileRaftStore store = open()) {
            initialState(store);
            store.persistLogEntries(entries(1, 3, 1));
            store.persistSnapshotChunk(chunk(50, 5, "fifty", 0, 1));
            store.flush();
        }
        try (FileRaftStore store = open()) {
            RestoredRaftState restored = store.restoredState().orElseThrow();
            assertEquals(50, restored.getSnapshotEntry().getIndex());
            // MicroRaft ignores the entries a snapshot covers and appends after the snapshot
            store.persistLogEntries(entries(51, 51, 5));
            store.flush();
        }
        try (FileRaftStore store = open()) {
            assertEquals(List.of("51@5:op51"), restoredEntries(store));
        }
    }

    @Test
    void aRestoredStoreAppendsAtTheNextIndex() throws IOException {
        try (FileRaftStore store = open()) {
            initialState(store);
            store.persistLogEntries(entries(1, 4, 1));
            store.flush();
        }
        try (FileRaftStore store = open()) {
            assertEquals(4, store.restoredState().orElseThrow().getLogEntries().size());
            assertThrows(IllegalArgumentException.class, () -> store.persistLogEntries(entries(4, 4, 1)));
            store.persistLogEntries(entries(5, 6, 2));
            store.flush();
        }
        try (FileRaftStore store = open()) {
            assertEquals(List.of("1@1:op1", "2@1:op2", "3@1:op3", "4@1:op4", "5@2:op5", "6@2:op6"),
                    restoredEntries(store));
        }
    }

    @Test
    void entriesThatDoNotFollowAreRefusedAndChangeNothing() throws IOException {
        try (FileRaftStore store = open()) {
            initialState(store);
            store.persistLogEntries(entries(1, 2, 1));
            store.flush();
            byte[] before = Files.readAllBytes(logFile());
            assertThrows(IllegalArgumentException.class, () -> store.persistLogEntries(entries(4, 5, 1)));
            List<LogEntry> skipping = new ArrayList<>(entries(3, 3, 1));
            skipping.addAll(entries(5, 5, 1));
            assertThrows(IllegalArgumentException.class, () -> store.persistLogEntries(skipping));
            assertThrows(IllegalArgumentException.class, () -> store.truncateLogEntriesUntil(1),
                    "no snapshot covers index 1");
            assertArrayEquals(before, Files.readAllBytes(logFile()));
            store.persistLogEntries(entries(3, 3, 1));
            store.flush();
        }
        try (FileRaftStore store = open()) {
            assertEquals(List.of("1@1:op1", "2@1:op2", "3@1:op3"), restoredEntries(store));
        }
    }

    @Test
    void aTornTailIsCutAtEveryByteOfTheLastRecord() throws IOException {
        long lastRecordStart = writeThreeEntries();
        byte[] whole = Files.readAllBytes(logFile());
        for (int length = (int) lastRecordStart; length < whole.length; length++) {
            for (boolean zeros : new boolean[] {false, true}) {
                Path copy = Files.createTempDirectory(dir, "torn");
                Files.copy(dir.resolve(FileRaftStore.ENDPOINT_FILE), copy.resolve(FileRaftStore.ENDPOINT_FILE));
                Files.copy(dir.resolve(FileRaftStore.MEMBERS_FILE), copy.resolve(FileRaftStore.MEMBERS_FILE));
                // a crash leaves the record cut short, or cut short then zeros (blocks allocated, never written)
                byte[] torn = Arrays.copyOf(whole, zeros ? whole.length + 64 : length);
                Arrays.fill(torn, length, torn.length, (byte) 0);
                Files.write(copy.resolve(RaftLogFile.FILE_NAME), torn);
                try (FileRaftStore store = FileRaftStore.open(copy, SERIALIZER, MODELS)) {
                    assertEquals(List.of("1@1:op1", "2@1:op2"), restoredEntries(store), "cut at " + length);
                    assertEquals(lastRecordStart, Files.size(copy.resolve(RaftLogFile.FILE_NAME)));
                    store.persistLogEntries(entries(3, 3, 2));
                    store.flush();
                }
                try (FileRaftStore store = FileRaftStore.open(copy, SERIALIZER, MODELS)) {
                    assertEquals(List.of("1@1:op1", "2@1:op2", "3@2:op3"), restoredEntries(store));
                }
            }
        }
    }

    @Test
    void aFlushedLogSurvivesAnUnflushedAppendTornByACrash() throws IOException {
        try (FileRaftStore store = open()) {
            initialState(store);
            store.persistLogEntries(entries(1, 3, 1));
            store.flush();
            long flushed = Files.size(logFile());
            store.persistLogEntries(entries(4, 6, 1));
            // the machine crashes: what was flushed is on disk, of the rest any prefix may be
            byte[] disk = Arrays.copyOf(Files.readAllBytes(logFile()), (int) flushed + 23);
            Path copy = copyOfDirectory();
            Files.write(copy.resolve(RaftLogFile.FILE_NAME), disk);
            try (FileRaftStore restored = FileRaftStore.open(copy, SERIALIZER, MODELS)) {
                assertEquals(List.of("1@1:op1", "2@1:op2", "3@1:op3"), restoredEntries(restored));
            }
        }
    }

    @Test
    void damageBeforeTheTailStopsTheLoadAndChangesNothing() throws IOException {
        long lastRecordStart = writeThreeEntries();
        byte[] bytes = Files.readAllBytes(logFile());
        int inSecondRecord = RaftLogFile.FILE_HEADER_BYTES + recordLength(bytes, RaftLogFile.FILE_HEADER_BYTES) + 20;
        bytes[inSecondRecord] ^= 0x40;
        Files.write(logFile(), bytes);
        RaftStoreCorruptionException e = assertThrows(RaftStoreCorruptionException.class, this::open);
        assertEquals(logFile(), e.file());
        assertTrue(e.reason().contains("index 2") && e.reason().contains("intact record follows at position "
                + lastRecordStart), e.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(logFile()), "nothing is cut");
    }

    @Test
    void aRecordWhoseIndexDoesNotFollowStopsTheLoad() throws IOException {
        writeThreeEntries();
        long end = Files.size(logFile());
        // an intact record (its CRC matches) of index 7 after index 3
        byte[] entry = SERIALIZER.logEntrySerializer().serialize(entries(7, 7, 1).get(0));
        ByteBuffer body = ByteBuffer.allocate(Long.BYTES + entry.length).putLong(7).put(entry).flip();
        ByteBuffer out = ByteBuffer.allocate(FramedRecords.HEADER_BYTES + body.remaining());
        FramedRecords.frame(body, out);
        Files.write(logFile(), out.array(), java.nio.file.StandardOpenOption.APPEND);
        RaftStoreCorruptionException e = assertThrows(RaftStoreCorruptionException.class, this::open);
        assertEquals(end, e.position());
        assertTrue(e.reason().contains("index 7 does not follow index 3"), e.getMessage());
    }

    @Test
    void aTermGoingBackwardsStopsTheLoad() throws IOException {
        try (FileRaftStore store = open()) {
            initialState(store);
            store.persistLogEntries(entries(1, 2, 3));
            store.persistLogEntries(entries(3, 3, 2));
            store.flush();
        }
        RaftStoreCorruptionException e = assertThrows(RaftStoreCorruptionException.class, this::open);
        assertTrue(e.reason().contains("term 2, below the term 3"), e.getMessage());
    }

    @Test
    void aLogStartingPastTheNewestSnapshotStopsTheLoad() throws IOException {
        try (FileRaftStore store = open()) {
            initialState(store);
            store.persistLogEntries(entries(1, 6, 1));
            store.persistSnapshotChunk(chunk(4, 1, "four", 0, 1));
            store.flush();
            store.truncateLogEntriesUntil(4);
            store.flush();
        }
        Files.delete(dir.resolve(SnapshotFiles.fileName(4)));
        RaftStoreCorruptionException e = assertThrows(RaftStoreCorruptionException.class, this::open);
        assertTrue(e.reason().contains("entries 1..4 are nowhere"), e.getMessage());
    }

    @Test
    void aDamagedTermFileStopsTheLoad() throws IOException {
        try (FileRaftStore store = open()) {
            initialState(store);
            store.persistAndFlushTerm(MODELS.createRaftTermPersistentStateBuilder().setTerm(9).build());
        }
        Path term = dir.resolve(FileRaftStore.TERM_FILE);
        byte[] bytes = Files.readAllBytes(term);
        bytes[bytes.length - 1] ^= 1;
        Files.write(term, bytes);
        RaftStoreCorruptionException e = assertThrows(RaftStoreCorruptionException.class, this::open);
        assertEquals(term, e.file());
    }

    @Test
    void aMissingLogWithStateBesideItStopsTheLoad() throws IOException {
        try (FileRaftStore store = open()) {
            initialState(store);
        }
        Files.delete(logFile());
        RaftStoreCorruptionException e = assertThrows(RaftStoreCorruptionException.class, this::open);
        assertEquals(logFile(), e.file());
        assertFalse(Files.exists(logFile()), "no new empty log is made in its place");
    }

    @Test
    void afterADiskErrorEveryChangeFailsAndNothingIsWritten() throws IOException {
        try (FileRaftStore store = open()) {
            initialState(store);
            store.persistLogEntries(entries(1, 2, 1));
            store.flush();
            byte[] before = Files.readAllBytes(logFile());
            // the term's tmp file cannot be made: a directory, not empty, stands in its place
            Path blocker = Files.createDirectories(dir.resolve(FileRaftStore.TERM_FILE + ".tmp"));
            Files.writeString(blocker.resolve("x"), "x");
            assertThrows(IOException.class, () -> store.persistAndFlushTerm(
                    MODELS.createRaftTermPersistentStateBuilder().setTerm(2).build()));
            IOException later = assertThrows(IOException.class, () -> store.persistLogEntries(entries(3, 3, 2)));
            assertTrue(later.getMessage().contains("failed earlier"), later.getMessage());
            assertThrows(IOException.class, store::flush);
            assertArrayEquals(before, Files.readAllBytes(logFile()));
        }
    }

    private FileRaftStore open() throws IOException {
        return FileRaftStore.open(dir, SERIALIZER, MODELS);
    }

    private Path logFile() {
        return dir.resolve(RaftLogFile.FILE_NAME);
    }

    /** Writes entries 1..3 of term 1, flushed; returns the byte position of the third record. */
    private long writeThreeEntries() throws IOException {
        try (FileRaftStore store = open()) {
            initialState(store);
            store.persistLogEntries(entries(1, 2, 1));
            store.flush();
            long start = Files.size(logFile());
            store.persistLogEntries(entries(3, 3, 1));
            store.flush();
            return start;
        }
    }

    private static int recordLength(byte[] bytes, int position) {
        return FramedRecords.HEADER_BYTES + ByteBuffer.wrap(bytes).getInt(position);
    }

    private Path copyOfDirectory() throws IOException {
        Path copy = Files.createTempDirectory(dir, "copy");
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    private static void initialState(FileRaftStore store) throws IOException {
        store.persistAndFlushLocalEndpoint(MODELS.createRaftEndpointPersistentStateBuilder()
                .setLocalEndpoint(new SpateEndpoint(1)).setVoting(true).build());
        store.persistAndFlushInitialGroupMembers(membersView());
    }

    private static RaftGroupMembersView membersView() {
        return MODELS.createRaftGroupMembersViewBuilder().setLogIndex(0).setMembers(MEMBERS).setVotingMembers(MEMBERS)
                .build();
    }

    private static List<LogEntry> entries(long from, long to, int term) {
        return LongStream.rangeClosed(from, to)
                .mapToObj(i -> MODELS.createLogEntryBuilder().setIndex(i).setTerm(term).setOperation("op" + i).build())
                .toList();
    }

    private static SnapshotChunk chunk(long index, int term, String op, int chunkIndex, int chunkCount) {
        return MODELS.createSnapshotChunkBuilder().setIndex(index).setTerm(term).setOperation(op)
                .setSnapshotChunkIndex(chunkIndex).setSnapshotChunkCount(chunkCount).setGroupMembersView(membersView())
                .build();
    }

    private static List<String> restoredEntries(FileRaftStore store) {
        return describe(store.restoredState().orElseThrow().getLogEntries());
    }

    private static List<String> describe(List<LogEntry> entries) {
        return entries.stream().map(e -> e.getIndex() + "@" + e.getTerm() + ":" + e.getOperation()).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> chunkOperations(SnapshotEntry snapshot) {
        return ((List<SnapshotChunk>) snapshot.getOperation()).stream().map(c -> (String) c.getOperation()).toList();
    }
}
