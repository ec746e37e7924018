package io.spate.cli;

import io.spate.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spate dump-log FILE [--print-records]}: prints a segment's files as kafka-dump-log does,
 * reading them with io.spate.record only (no broker needed; the file may belong to a running node,
 * it is only read): the batches of a {@code .log} file, the entries of an {@code .index} or
 * {@code .timeindex} file ({@link IndexDump}). A file of another name is refused, and so is a
 * {@code .log} file whose first batch does not have magic 2 (a text file renamed, say): dumping it
 * would print garbage batches. In a segment, an invalid batch (magic, CRC), an offset discontinuity,
 * a torn tail or a corrupt length is printed and makes the exit code {@link ExitCodes#DAMAGED}; 0 means
 * the file was read and every batch in it is intact.
 */
@Command(name = "dump-log", description = "Print the record batches of a segment .log file, or the entries of its "
        + ".index or .timeindex file.")
final class DumpLogCommand extends CliCommand {
    /** A segment file's name: its 20-digit base offset and its kind. */
    private static final Pattern SEGMENT_NAME = Pattern.compile("(\\d{20})\\.(log|index|timeindex)");
    private static final String LOG_SUFFIX = ".log";

    @Parameters(paramLabel = "FILE", description = "The segment file, e.g. data/orders-0/00000000000000000000.log "
            + "(or its .index / .timeindex).")
    Path file;

    @Option(names = "--print-records", description = "Also print every record: offset, timestamp, key and value.")
    boolean printRecords;

    @Override
    int run() {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        IndexDump.Kind index = name.endsWith(IndexDump.Kind.OFFSET.suffix) ? IndexDump.Kind.OFFSET
                : name.endsWith(IndexDump.Kind.TIME.suffix) ? IndexDump.Kind.TIME : null;
        if (index == null && !name.endsWith(LOG_SUFFIX)) {
            throw new CommandFailedException("cannot dump " + file + ": not a segment file (a .log, .index or "
                    + ".timeindex file of a partition directory)");
        }
        MappedByteBuffer bytes = map(file);
        Long baseOffset = baseOffsetFromName(file);
        if (index != null) {
            if (json()) {
                Json.print(io().out(), IndexDump.json(index, file.toString(), baseOffset, bytes));
            } else {
                IndexDump.text(io().out(), index, file.toString(), baseOffset, bytes);
            }
            io().out().flush();
            return ExitCodes.OK;
        }
        checkStartsWithABatch(bytes);
        int problems;
        if (json()) {
            JsonLogDump dump = new JsonLogDump(file.toString(), baseOffset, printRecords);
            problems = SegmentScanner.scan(bytes, baseOffset, dump);
            Json.print(io().out(), dump.document());
        } else {
            TextLogDump dump = new TextLogDump(io().out(), printRecords);
            dump.header(file.toString(), baseOffset);
            problems = SegmentScanner.scan(bytes, baseOffset, dump);
        }
        io().out().flush();
        return problems == 0 ? ExitCodes.OK : ExitCodes.DAMAGED;
    }

    /**
     * A segment starts with a batch, whose magic byte is 2; a file whose first bytes say otherwise
     * is something else (a file too short to hold a magic byte is left to the scan: a torn tail).
     */
    private void checkStartsWithABatch(ByteBuffer bytes) {
        if (bytes.limit() > RecordBatch.MAGIC_OFFSET && bytes.get(RecordBatch.MAGIC_OFFSET) != RecordBatch.MAGIC) {
            throw new CommandFailedException("cannot dump " + file + ": not a segment file (its first batch would have "
                    + "magic byte " + bytes.get(RecordBatch.MAGIC_OFFSET) + " at position " + RecordBatch.MAGIC_OFFSET
                    + "; a record batch has " + RecordBatch.MAGIC + ")");
        }
    }

    /** The base offset a segment's file name carries, or null for another name. */
    static Long baseOffsetFromName(Path file) {
        Path name = file.getFileName();
        Matcher m = name == null ? null : SEGMENT_NAME.matcher(name.toString());
        return m != null && m.matches() ? Long.parseLong(m.group(1)) : null;
    }

    private static MappedByteBuffer map(Path file) {
        if (Files.isDirectory(file)) {
            throw new CommandFailedException("cannot read " + file + ": it is a directory");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new CommandFailedException("cannot dump " + file + ": " + size
                        + " bytes is more than a segment can hold (2 GiB)");
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        } catch (NoSuchFileException e) {
            throw new CommandFailedException("cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new CommandFailedException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
