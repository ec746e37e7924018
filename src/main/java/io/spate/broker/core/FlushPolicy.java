package io.spate.broker.core;

/**
 * When a partition's appended bytes are fsynced relative to the produce answer.
 *
 * <ul>
 *   <li>{@link #ACKS_ALL} (default): an {@code acks=all} produce is answered only once its bytes
 *   are fsynced (group commit: one fsync covers every append that arrived meanwhile), and the high
 *   watermark, which bounds what consumers see, only covers fsynced data. {@code acks=1} is answered
 *   after the write to the page cache.</li>
 *   <li>{@link #INTERVAL}: Kafka's default: nothing waits for fsync; data is fsynced every
 *   {@code flush.interval.ms} and on clean shutdown.</li>
 * </ul>
 */
public enum FlushPolicy {
    ACKS_ALL("acks-all"),
    INTERVAL("interval");

    private final String configName;

    FlushPolicy(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static FlushPolicy forName(String name) {
        for (FlushPolicy p : values()) {
            if (p.configName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("must be one of acks-all, interval; got '" + name + "'");
    }
}
