package io.spate.client.assignor;

import java.util.List;

/** A partition assignor name (or Kafka class name) that Spate does not know; names the known ones. */
public final class UnknownAssignorException extends IllegalArgumentException {
    private final String name;

    public UnknownAssignorException(String name, List<String> known) {
        super("unknown partition assignor '" + name + "'; known: " + String.join(", ", known)
                + " (or Kafka's class names of these)");
        this.name = name;
    }

    /** The name as given. */
    public String name() {
        return name;
    }
}
