package io.spate.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An index file that is mapped only when first used (Kafka's {@code LazyIndex}): a segment that is
 * not read holds no mapping of its {@code .index} and {@code .timeindex}. {@link AbstractIndex} closes
 * the file's descriptor as soon as it has mapped it (a mapping stays valid after its channel closes),
 * so a loaded index holds a mapping and no descriptor.
 *
 * <p>Threading: {@link #get} and the changes run on the owning partition's thread; {@link #flushIfLoaded}
 * may run on a flushing worker meanwhile (it never maps: an index that is not mapped has nothing
 * unwritten).
 */
final class LazyIndex<T extends AbstractIndex> {
    /** Maps the index file (creating it empty if it does not exist). */
    interface Opener<T> {
        T open(Path file) throws IOException;
    }

    private final Opener<T> opener;
    private volatile Path file;
    private volatile T index;

    LazyIndex(Path file, Opener<T> opener) {
        this.file = file;
        this.opener = opener;
    }

    /** The index, mapped now if it was not. */
    T get() throws IOException {
        T i = index;
        if (i == null) {
            i = opener.open(file);
            index = i;
        }
        return i;
    }

    boolean isLoaded() {
        return index != null;
    }

    Path file() {
        T i = index;
        return i != null ? i.file() : file;
    }

    /** Forces a mapped index to disk; nothing if it is not mapped. Any thread. */
    void flushIfLoaded() {
        T i = index;
        if (i != null) {
            i.flush();
        }
    }

    /**
     * Drops the mapping (the GC unmaps it; Java has no explicit unmap): the next {@link #get} maps the
     * file again. The caller has trimmed and flushed it.
     */
    void release() {
        T i = index;
        if (i != null) {
            file = i.file();
            index = null;
        }
    }

    void renameTo(Path target) throws IOException {
        T i = index;
        if (i != null) {
            i.renameTo(target);
        } else if (Files.exists(file)) {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        }
        file = target;
    }

    void deleteIfExists() throws IOException {
        Files.deleteIfExists(file());
    }
}
