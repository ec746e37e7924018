package io.spate.broker.core;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.spate.log.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The node's topic catalogue on disk: {@code <data.dir>/meta/topics.json}, a JSON object
 * {@code {"version": 1, "topics": [{"name", "topicId", "partitions", "configs"}]}} ({@code topicId}: the
 * topic's id as 22 characters of URL-safe base64; absent from catalogues written before topic ids,
 * which {@link TopicManager} gives ids at start). Written whole and
 * atomically (temp file, fsync, rename, fsync of the directory), so a crash leaves either the old
 * or the new catalogue. Blocking: call it on a worker thread.
 */
final class MetadataStore {
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(io.spate.cluster.TopicIdJson.MODULE);

    private final Path dir;
    private final Path file;

    private record Catalogue(int version, List<TopicMetadata> topics) {
    }

    MetadataStore(Path dataDir) {
        this.dir = dataDir.resolve("meta");
        this.file = dir.resolve("topics.json");
    }

    List<TopicMetadata> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            Catalogue c = JSON.readValue(file.toFile(), new TypeReference<Catalogue>() { });
            if (c.version() != VERSION) {
                throw new IllegalStateException(file + " has version " + c.version() + ", this build reads " + VERSION);
            }
            return c.topics() == null ? List.of() : c.topics();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read topic catalogue " + file, e);
        }
    }

    void save(Collection<TopicMetadata> topics) {
        try {
            AtomicFile.write(file, JSON.writeValueAsBytes(Map.of("version", VERSION, "topics", topics)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write topic catalogue " + file + ": " + e.getMessage(), e);
        }
    }
}
