package io.spate.common;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file holds bytes its writer did not write, found where a torn tail does not explain them. It names
 * the file, the byte position and the reason; the subclasses say what is done about it (nothing is ever
 * cut or deleted on their account).
 */
public abstract class CorruptFileException extends IOException {
    private final Path file;
    private final long position;
    private final String reason;

    protected CorruptFileException(Path file, long position, String reason) {
        super(file + " is corrupt at byte position " + position + ": " + reason);
        this.file = file;
        this.position = position;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    public long position() {
        return position;
    }

    public String reason() {
        return reason;
    }
}
