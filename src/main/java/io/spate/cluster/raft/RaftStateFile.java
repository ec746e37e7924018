package io.spate.cluster.raft;

import io.spate.log.AtomicFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One small value of the Raft state (the local endpoint, the initial members, the term and vote), in a
 * file of its own replaced atomically ({@link AtomicFile}: tmp file, fsync, rename, directory fsync):
 * int32 length, int32 CRC32C, then the bytes the serializer wrote. The CRC catches a file damaged at rest,
 * which the rename cannot.
 */
final class RaftStateFile {
    private RaftStateFile() {
    }

    static void write(Path file, byte[] value) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(FramedRecords.HEADER_BYTES + value.length);
        FramedRecords.frame(ByteBuffer.wrap(value), out);
        AtomicFile.write(file, out.array());
    }

    /** The value in {@code file}, empty if there is no such file. */
    static Optional<byte[]> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
        if (in.remaining() < FramedRecords.HEADER_BYTES || in.getInt(0) != in.remaining() - FramedRecords.HEADER_BYTES
                || FramedRecords.crc(in.slice(FramedRecords.HEADER_BYTES, in.getInt(0))) != in.getInt(4)) {
            throw new RaftStoreCorruptionException(file, 0, "its length or CRC32C does not match its "
                    + in.remaining() + " bytes");
        }
        byte[] value = new byte[in.remaining() - FramedRecords.HEADER_BYTES];
        in.get(FramedRecords.HEADER_BYTES, value);
        return Optional.of(value);
    }
}
