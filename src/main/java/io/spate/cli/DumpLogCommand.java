package io.spate.cli;

import java.io.IOException;
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
 * {@code spate dump-log FILE [--print-records]}: prints the batches of a segment {@code .log} file
 * as kafka-dump-log does, reading it with io.spate.record only (no broker needed; the file may
 * belong to a running node, it is only read). A torn tail or a corrupt length is reported, not an
 * error: the exit code is 0 whenever the file could be read.
 */
@Command(name = "dump-log", description = "Print the record batches of a segment .log file.")
final class DumpLogCommand extends CliCommand {
    /** A segment's name: its 20-digit base offset. */
    private static final Pattern SEGMENT_NAME = Pattern.compile("(\\d{20})\\.log");

    @Parameters(paramLabel = "FILE", description = "The segment file, e.g. data/orders-0/00000000000000000000.log.")
    Path file;

    @Option(names = "--print-records", description = "Also print every record: offset, timestamp, key and value.")
    boolean printRecords;

    @Override
    int run() {
        MappedByteBuffer bytes = map(file);
        Long baseOffset = baseOffsetFromName(file);
        if (json()) {
            JsonLogDump dump = new JsonLogDump(file.toString(), baseOffset, printRecords);
            SegmentScanner.scan(bytes, dump);
            Json.print(io().out(), dump.document());
        } else {
            TextLogDump dump = new TextLogDump(io().out(), printRecords);
            dump.header(file.toString(), baseOffset);
            SegmentScanner.scan(bytes, dump);
        }
        io().out().flush();
        return ExitCodes.OK;
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
