package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.record.CompressionType;
import io.spate.record.RecordBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** dump-log on segment files written with RecordBatchBuilder: valid, torn tail, flipped byte, garbage. */
class DumpLogCommandTest {
    @TempDir
    Path dir;

    private Path segment(SegmentFiles files) throws IOException {
        return files.writeTo(dir.resolve("00000000000000000100.log"));
    }

    @Test
    void anIdempotentBatchShowsItsProducerAndSequencesWrappingPastIntMax() throws IOException {
        java.nio.ByteBuffer b = io.spate.testing.TestBatches.idempotent(4000, (short) 2, Integer.MAX_VALUE - 1, "x", "y", "z");
        b.putLong(RecordBatch.BASE_OFFSET_OFFSET, 100);
        Path file = segment(new SegmentFiles(100).raw(java.util.Arrays.copyOf(b.array(), b.remaining())));
        CliRun run = CliRun.run("dump-log", file.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
        assertTrue(run.out().contains("baseSequence: " + (Integer.MAX_VALUE - 1) + " lastSequence: 0 producerId: 4000 "
                + "producerEpoch: 2 "), run.out());
    }

    @Test
    void aTransactionalBatchAndItsMarkerAreShownAsSuch() throws IOException {
        java.nio.ByteBuffer data = io.spate.testing.TestBatches.transactional(4000, (short) 1, 0, "x");
        data.putLong(RecordBatch.BASE_OFFSET_OFFSET, 100);
        java.nio.ByteBuffer marker = new io.spate.record.ControlRecord(false, 7).toBatch(4000, (short) 1, 5);
        marker.putLong(RecordBatch.BASE_OFFSET_OFFSET, 101);
        Path file = segment(new SegmentFiles(100).raw(Arrays.copyOf(data.array(), data.remaining()))
                .raw(Arrays.copyOf(marker.array(), marker.remaining())));
        CliRun run = CliRun.run("dump-log", file.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
        String[] lines = run.out().split("\n");
        assertTrue(lines[2].contains("isTransactional: true isControl: false"), lines[2]);
        assertFalse(lines[2].contains("endTxnMarker"), lines[2]);
        assertTrue(lines[3].contains("isTransactional: true isControl: true"), lines[3]);
        assertTrue(lines[3].endsWith("isvalid: true endTxnMarker: ABORT coordinatorEpoch: 7"), lines[3]);

        JsonNode doc = Json.parse(CliRun.run("--json", "dump-log", file.toString()).out());
        JsonNode batches = doc.get("batches");
        assertTrue(batches.get(0).get("isTransactional").asBoolean());
        assertFalse(batches.get(0).has("endTxnMarker"));
        assertEquals("ABORT", batches.get(1).get("endTxnMarker").asText());
        assertEquals(7, batches.get(1).get("coordinatorEpoch").asInt());
    }

    @Test
    void validSegmentPrintsOneKafkaStyleLinePerBatch() throws IOException {
        SegmentFiles files = new SegmentFiles(100).batch(CompressionType.NONE, "a", "b", "c").batch(CompressionType.NONE, "d");
        int firstSize = new RecordBatch(java.nio.ByteBuffer.wrap(files.bytes()), 0).sizeInBytes();
        Path file = segment(files);
        CliRun run = CliRun.run("dump-log", file.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
        String[] lines = run.out().split("\n");
        assertEquals(4, lines.length, run.out());
        assertEquals("Dumping " + file, lines[0]);
        assertEquals("Log starting offset: 100", lines[1]);
        assertTrue(lines[2].matches("baseOffset: 100 lastOffset: 102 count: 3 baseSequence: -1 lastSequence: -1 "
                + "producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 3 isTransactional: false isControl: false "
                + "position: 0 CreateTime: " + (SegmentFiles.TIMESTAMP + 2) + " size: " + firstSize
                + " magic: 2 compresscodec: none crc: \\d+ isvalid: true"), lines[2]);
        assertTrue(lines[3].startsWith("baseOffset: 103 lastOffset: 103 count: 1 "), lines[3]);
        assertTrue(lines[3].contains(" position: " + firstSize + " "), lines[3]);
        assertTrue(lines[3].endsWith("isvalid: true"), lines[3]);
        assertEquals("", run.err());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void printRecordsShowsEachRecordOfEveryCodec(CompressionType codec) throws IOException {
        Path file = segment(new SegmentFiles(100).batch(codec, "hello", null));
        CliRun run = CliRun.run("dump-log", file.toString(), "--print-records");
        assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
        String[] lines = run.out().split("\n");
        assertEquals(5, lines.length, run.out());
        assertTrue(lines[2].contains("compresscodec: " + codec.configName() + " "), lines[2]);
        assertEquals("| offset: 100 CreateTime: " + SegmentFiles.TIMESTAMP + " keySize: 2 valueSize: 5 sequence: -1 "
                + "headerKeys: [h] key: k0 payload: hello", lines[3]);
        assertEquals("| offset: 101 CreateTime: " + (SegmentFiles.TIMESTAMP + 1) + " keySize: 2 valueSize: -1 "
                + "sequence: -1 headerKeys: [] key: k1 payload: null", lines[4]);
    }

    @Test
    void tornTailIsReportedAfterTheCompleteBatches() throws IOException {
        byte[] whole = new SegmentFiles(0).batch(CompressionType.NONE, "a").batch(CompressionType.NONE, "b", "c").bytes();
        int firstSize = new RecordBatch(java.nio.ByteBuffer.wrap(whole), 0).sizeInBytes();
        byte[] torn = Arrays.copyOf(whole, whole.length - 5);
        Path file = Files.write(dir.resolve("00000000000000000000.log"), torn);
        CliRun run = CliRun.run("dump-log", file.toString(), "--print-records");
        assertEquals(ExitCodes.DAMAGED, run.exitCode(), run.toString());
        String[] lines = run.out().split("\n");
        assertTrue(lines[2].startsWith("baseOffset: 0 lastOffset: 0 count: 1 "), run.out());
        assertEquals("Torn tail at position " + firstSize + ": " + (whole.length - firstSize - 5) + " bytes of a batch of "
                + (whole.length - firstSize) + " bytes (the file ends inside it)", lines[lines.length - 1]);
        assertEquals(5, lines.length, run.out());
    }

    @Test
    void tailShorterThanABatchLengthIsReported() throws IOException {
        Path file = segment(new SegmentFiles(100).batch(CompressionType.NONE, "a").raw(new byte[] {0, 0, 0, 0, 0, 7}));
        CliRun run = CliRun.run("dump-log", file.toString());
        assertEquals(ExitCodes.DAMAGED, run.exitCode(), run.toString());
        assertTrue(run.out().endsWith(": 6 bytes of a batch whose length is cut off (the file ends inside it)\n"),
                run.out());
    }

    @Test
    void flippedByteMakesTheBatchInvalidAndItsRecordsUnread() throws IOException {
        byte[] bytes = new SegmentFiles(100).batch(CompressionType.NONE, "hello").batch(CompressionType.NONE, "next").bytes();
        bytes[RecordBatch.RECORDS_OFFSET + 8] ^= 0x20;
        Path file = Files.write(dir.resolve("00000000000000000100.log"), bytes);
        CliRun run = CliRun.run("dump-log", file.toString(), "--print-records");
        assertEquals(ExitCodes.DAMAGED, run.exitCode(), run.toString());
        String[] lines = run.out().split("\n");
        assertTrue(lines[2].endsWith("isvalid: false"), lines[2]);
        assertTrue(lines[3].startsWith("| records cannot be decoded: batch at position 0 failed its checks"), lines[3]);
        assertTrue(lines[4].startsWith("baseOffset: 101 ") && lines[4].endsWith("isvalid: true"), lines[4]);
        assertTrue(lines[5].contains("payload: next"), lines[5]);
    }

    @Test
    void flippedBaseOffsetIsReportedAsAnOffsetDiscontinuity() throws IOException {
        byte[] bytes = new SegmentFiles(100).batch(CompressionType.NONE, "a", "b").batch(CompressionType.NONE, "c")
                .batch(CompressionType.NONE, "d").bytes();
        int second = new RecordBatch(java.nio.ByteBuffer.wrap(bytes), 0).sizeInBytes();
        java.nio.ByteBuffer.wrap(bytes).putLong(second, 102 | 8); // offset 102 claims 110: outside the CRC
        Path file = Files.write(dir.resolve("00000000000000000100.log"), bytes);
        CliRun run = CliRun.run("dump-log", file.toString());
        assertEquals(ExitCodes.DAMAGED, run.exitCode(), run.toString());
        String[] lines = run.out().split("\n");
        assertTrue(lines[3].startsWith("baseOffset: 110 ") && lines[3].endsWith("isvalid: true"), run.out());
        assertTrue(lines[5].startsWith("Offset discontinuity at position "), run.out());
        assertTrue(lines[5].contains("baseOffset 103 is not above 110"), run.out());
        CliRun json = CliRun.run("--json", "dump-log", file.toString());
        assertEquals(ExitCodes.DAMAGED, json.exitCode(), json.toString());
        JsonNode doc = Json.parse(json.out());
        assertEquals(1, doc.get("offsetDiscontinuities").size(), json.out());
    }

    @Test
    void firstBatchBelowTheNamesBaseOffsetIsReported() throws IOException {
        Path file = new SegmentFiles(5).batch(CompressionType.NONE, "a").writeTo(dir.resolve("00000000000000000100.log"));
        CliRun run = CliRun.run("dump-log", file.toString());
        assertEquals(ExitCodes.DAMAGED, run.exitCode(), run.toString());
        assertTrue(run.out().contains("Offset discontinuity at position 0: baseOffset 5 is not above 99"), run.out());
    }

    @Test
    void lengthTooSmallForABatchStopsTheScanAndIsReported() throws IOException {
        byte[] garbage = new byte[20];
        garbage[11] = 5; // batchLength 5
        Path file = segment(new SegmentFiles(100).batch(CompressionType.NONE, "a").raw(garbage));
        CliRun run = CliRun.run("dump-log", file.toString());
        assertEquals(ExitCodes.DAMAGED, run.exitCode(), run.toString());
        String last = run.out().split("\n")[3];
        assertTrue(last.startsWith("Corrupt batch length 5 at position "), last);
    }

    @Test
    void jsonHasEveryBatchRecordsAndTheTornTail() throws IOException {
        byte[] whole = new SegmentFiles(7).batch(CompressionType.GZIP, "x", "y").bytes();
        Path file = segment(new SegmentFiles(7).batch(CompressionType.GZIP, "x", "y").raw(Arrays.copyOf(whole, 30)));
        CliRun run = CliRun.run("--json", "dump-log", file.toString(), "--print-records");
        assertEquals(ExitCodes.DAMAGED, run.exitCode(), run.toString());
        JsonNode doc = Json.parse(run.out());
        assertEquals(file.toString(), doc.get("file").asText());
        assertEquals(100, doc.get("baseOffsetFromName").asLong());
        assertEquals(1, doc.get("batches").size());
        JsonNode batch = doc.get("batches").get(0);
        assertEquals(7, batch.get("baseOffset").asLong());
        assertEquals(8, batch.get("lastOffset").asLong());
        assertEquals("gzip", batch.get("compression").asText());
        assertTrue(batch.get("isValid").asBoolean());
        assertEquals("y", batch.get("records").get(1).get("value").asText());
        assertEquals("k1", batch.get("records").get(1).get("key").asText());
        assertEquals("hv", batch.get("records").get(0).get("headers").get(0).get("value").asText());
        assertEquals(whole.length, doc.get("tornTail").get("position").asInt());
        assertEquals(30, doc.get("tornTail").get("bytesPresent").asInt());
        assertEquals(whole.length, doc.get("tornTail").get("expectedSize").asLong());
        assertTrue(doc.get("corruptLength").isNull());
    }

    @Test
    void jsonWithoutPrintRecordsHasNoRecords() throws IOException {
        Path file = segment(new SegmentFiles(100).batch(CompressionType.NONE, "a"));
        JsonNode doc = Json.parse(CliRun.run("dump-log", file.toString(), "--json").out());
        assertFalse(doc.get("batches").get(0).has("records"));
        assertTrue(doc.get("tornTail").isNull());
    }

    @Test
    void emptyFileHasNoBatches() throws IOException {
        Path file = Files.write(dir.resolve("other.log"), new byte[0]);
        CliRun run = CliRun.run("dump-log", file.toString());
        assertEquals(ExitCodes.OK, run.exitCode());
        assertEquals("Dumping " + file + "\n", run.out());
    }

    @Test
    void missingFileOrDirectoryFailsWithOneLine() {
        CliRun missing = CliRun.run("dump-log", dir.resolve("nope.log").toString());
        assertEquals(ExitCodes.FAILED, missing.exitCode());
        assertEquals("spate: cannot read " + dir.resolve("nope.log") + ": no such file\n", missing.err());
        CliRun directory = CliRun.run("dump-log", dir.toString());
        assertEquals(ExitCodes.FAILED, directory.exitCode());
        assertEquals(1, directory.errLines().length);
    }

    @Test
    void baseOffsetIsReadFromASegmentName() {
        assertEquals(42L, DumpLogCommand.baseOffsetFromName(Path.of("/d/t-0/00000000000000000042.log")));
        assertEquals(42L, DumpLogCommand.baseOffsetFromName(Path.of("/d/t-0/00000000000000000042.timeindex")));
        assertEquals(null, DumpLogCommand.baseOffsetFromName(Path.of("/d/t-0/segment.log")));
    }

    @Test
    void aFileThatIsNotASegmentIsRefused() throws IOException {
        Path readme = Files.writeString(dir.resolve("README.md"), "# Spate\n\nA Kafka-like event-streaming broker.\n");
        CliRun byName = CliRun.run("dump-log", readme.toString());
        assertEquals(ExitCodes.FAILED, byName.exitCode(), byName.toString());
        assertEquals("", byName.out());
        assertEquals("spate: cannot dump " + readme + ": not a segment file (a .log, .index or .timeindex file of a "
                + "partition directory)\n", byName.err());
        Path renamed = Files.copy(readme, dir.resolve("00000000000000000000.log"));
        CliRun byContent = CliRun.run("dump-log", renamed.toString());
        assertEquals(ExitCodes.FAILED, byContent.exitCode(), byContent.toString());
        assertEquals("", byContent.out());
        assertTrue(byContent.err().startsWith("spate: cannot dump " + renamed + ": not a segment file (its first batch "
                + "would have magic byte "), byContent.err());
    }

    @Test
    void anOffsetIndexIsDumpedAsOffsetAndPositionWithTheZeroTailSkipped() throws IOException {
        Path file = dir.resolve("00000000000000000100.index");
        io.spate.log.OffsetIndex index = new io.spate.log.OffsetIndex(file, 100, 1024);
        index.append(140, 4096);
        index.append(190, 8300);
        index.flush();
        index.close(); // not trimmed: the file keeps its zero-filled preallocation, as an active segment's
        CliRun run = CliRun.run("dump-log", file.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
        assertEquals("Dumping " + file + "\noffset: 140 position: 4096\noffset: 190 position: 8300\n", run.out());
        JsonNode doc = Json.parse(CliRun.run("--json", "dump-log", file.toString()).out());
        assertEquals(2, doc.get("entries").size());
        assertEquals(190, doc.get("entries").get(1).get("offset").asLong());
        assertEquals(8300, doc.get("entries").get(1).get("position").asInt());
        assertEquals(0, doc.get("trailingBytes").asInt());
    }

    @Test
    void aTimeIndexIsDumpedAsTimestampAndOffset() throws IOException {
        Path file = dir.resolve("00000000000000000100.timeindex");
        io.spate.log.TimeIndex index = new io.spate.log.TimeIndex(file, 100, 1200);
        index.maybeAppend(SegmentFiles.TIMESTAMP, 100);
        index.maybeAppend(SegmentFiles.TIMESTAMP + 50, 160);
        index.trimToValidSize();
        index.close();
        CliRun run = CliRun.run("dump-log", file.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
        assertEquals("Dumping " + file + "\ntimestamp: " + SegmentFiles.TIMESTAMP + " offset: 100\ntimestamp: "
                + (SegmentFiles.TIMESTAMP + 50) + " offset: 160\n", run.out());
    }

    @Test
    void aTornIndexReportsItsTrailingBytes() throws IOException {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(11);
        bytes.putInt(5).putInt(300).put(new byte[] {1, 2, 3});
        Path file = Files.write(dir.resolve("index-copy.index"), bytes.array());
        CliRun run = CliRun.run("dump-log", file.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
        assertEquals("Dumping " + file + "\nThe file name carries no base offset: the offsets below are relative to the segment's base offset\n"
                + "offset: 5 position: 300\nTrailing 3 bytes at position 8 (not a whole entry of 8 bytes)\n", run.out());
    }
}
