package io.spate.group;

import java.util.Objects;

/**
 * One protocol a joining member supports (for consumers: an assignor such as "range"), with the
 * member's metadata for it (for consumers: the subscription). A member lists them in preference order.
 * The array is shared, not copied: callers must not change it afterwards.
 */
public record Protocol(String name, byte[] metadata) {
    public Protocol {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metadata, "metadata");
    }
}
