package io.spate.cluster;

import io.spate.log.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This node's copy of the metadata image: {@code <data.dir>/meta/cluster.json}. Blocking. Public for
 * the metadata quorum ({@code io.spate.cluster.raft}), which imports it once and keeps writing it.
 */
public final class MetadataImageFile {
    private final Path file;

    public MetadataImageFile(Path dataDir) {
        this.file = dataDir.resolve("meta").resolve("cluster.json");
    }

    public MetadataImage load() {
        if (!Files.exists(file)) {
            return MetadataImage.EMPTY;
        }
        try {
            return MetadataImage.fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public void save(MetadataImage image) {
        try {
            AtomicFile.write(file, image.toJson().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
