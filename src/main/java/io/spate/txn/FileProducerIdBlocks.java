package io.spate.txn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spate.log.AtomicFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A single node's producer-id blocks: {@code <data.dir>/meta/producer-ids.json},
 * {@code {"version": 1, "next": N}}, the first id no block has taken yet. A claim writes the moved
 * {@code next} (atomically and fsynced, {@link AtomicFile}) before it hands the block out, so a crash
 * can waste the rest of a block but never give an id twice. Claims run one at a time on a worker.
 */
public final class FileProducerIdBlocks implements ProducerIdBlocks {
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final Path file;

    public FileProducerIdBlocks(Vertx vertx, Path dataDir) {
        this.vertx = vertx;
        this.file = dataDir.resolve("meta").resolve("producer-ids.json");
    }

    @Override
    public Future<Long> claim(int size) {
        if (size < 1) {
            return Future.failedFuture(new IllegalArgumentException("a block holds 1 id or more, was " + size));
        }
        return vertx.executeBlocking(() -> {
            synchronized (this) {
                long first = read();
                AtomicFile.write(file, JSON.writeValueAsBytes(Map.of("version", VERSION, "next",
                        Math.addExact(first, size))));
                return first;
            }
        }, true);
    }

    private long read() {
        if (!Files.exists(file)) {
            return 0;
        }
        JsonNode n;
        try {
            n = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (n == null || n.path("version").asInt() != VERSION || !n.path("next").canConvertToLong()
                || n.path("next").asLong() < 0) {
            throw new IllegalStateException(file + " is not a producer id file this build reads");
        }
        return n.path("next").asLong();
    }
}
