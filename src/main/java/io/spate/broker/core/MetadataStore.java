package io.spate.broker.core;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.spate.common.TopicId;
import io.spate.log.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The node's topic catalogue on disk: {@code <data.dir>/meta/topics.json}, a JSON object
 * {@code {"version": 1, "topics": [{"name", "topicId", "partitions", "configs"}]}} ({@code topicId}: the
 * topic's id as 22 characters of URL-safe base64; absent from catalogues written before topic ids,
 * which {@link #loadWithTopicIds} gives ids at start). Written whole and
 * atomically (temp file, fsync, rename, fsync of the directory), so a crash leaves either the old
 * or the new catalogue. Blocking: call it on a worker thread.
 */
final class MetadataStore {
    private static final System.Logger LOG = System.getLogger(MetadataStore.class.getName());
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

    /**
     * The catalogue, every topic with an id: a catalogue written before topic ids
     * gets them here, once, and is saved with them before any is served, so they never change after.
     * If it cannot be saved (a full disk), those topics stay without an id (unknown) until a start that
     * can save them; nothing else is held back.
     */
    List<TopicMetadata> loadWithTopicIds() {
        List<TopicMetadata> loaded = load();
        if (loaded.stream().allMatch(m -> m.topicId() != null)) {
            return loaded;
        }
        java.util.Set<TopicId> taken = new java.util.HashSet<>();
        loaded.forEach(m -> {
            if (m.topicId() != null) {
                taken.add(m.topicId());
            }
        });
        List<TopicMetadata> given = new ArrayList<>(loaded.size());
        List<String> named = new ArrayList<>();
        for (TopicMetadata m : loaded) {
            if (m.topicId() == null) {
                TopicId id = TopicId.random(taken::contains);
                taken.add(id);
                named.add(m.name() + "=" + id);
                m = m.withTopicId(id);
            }
            given.add(m);
        }
        try {
            save(given);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "topics without an id (a catalogue written before topic ids) keep none"
                    + " until the catalogue can be written: " + e.getMessage());
            return loaded;
        }
        LOG.log(System.Logger.Level.INFO, "gave " + named.size() + " topic(s) of a catalogue written before topic ids"
                + " their ids: " + String.join(", ", named));
        return given;
    }

    void save(Collection<TopicMetadata> topics) {
        try {
            AtomicFile.write(file, JSON.writeValueAsBytes(Map.of("version", VERSION, "topics", topics)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write topic catalogue " + file + ": " + e.getMessage(), e);
        }
    }
}
