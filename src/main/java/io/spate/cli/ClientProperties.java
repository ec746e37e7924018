package io.spate.cli;

import io.spate.client.AdminConfig;
import io.spate.client.ClientConfig;
import io.spate.client.ConsumerConfig;
import io.spate.client.ProducerConfig;
import io.spate.client.UnknownConfigKeyException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The client options of one command line, with Kafka's key names (docs/configuration.md):
 * {@code -X KEY=VALUE} goes to every client of the command that has the key (admin, producer,
 * consumer), {@code --producer-property} to its producer only and {@code --consumer-property} to its
 * consumer only. They are applied after the command's own settings, so they override them and the
 * defaults; the specific ones after {@code -X}.
 *
 * <p>{@link #check()} runs before anything connects: a key no client has, a key the CLI sets from
 * its own options ({@link #RESERVED}) and a value that does not parse are refused there, each by
 * an {@link IllegalArgumentException} naming the key. Ranges and combinations are checked when the
 * client is created ({@link ClientConfig#validate()}).
 *
 * @param any      {@code -X}
 * @param producer {@code --producer-property}
 * @param consumer {@code --consumer-property}
 */
record ClientProperties(Map<String, String> any, Map<String, String> producer, Map<String, String> consumer) {
    /** Keys the CLI sets itself, with the option to use instead. */
    static final Map<String, String> RESERVED = Map.of(
            ClientConfig.BOOTSTRAP_SERVERS, "--bootstrap",
            ConsumerConfig.GROUP_ID, "consume --group",
            // consume --group commits exactly what it printed; auto-commit would commit what it fetched
            ConsumerConfig.ENABLE_AUTO_COMMIT, "what consume --group has printed (it commits that, never more)");

    static final ClientProperties NONE = new ClientProperties(Map.of(), Map.of(), Map.of());

    ClientProperties {
        any = Map.copyOf(any);
        producer = Map.copyOf(producer);
        consumer = Map.copyOf(consumer);
    }

    /** Refuses unknown and reserved keys and values that do not parse, before anything connects. */
    void check() {
        List<Supplier<ClientConfig<?>>> clients = List.of(AdminConfig::new, ProducerConfig::new, ConsumerConfig::new);
        any.forEach((key, value) -> {
            reserved("-X", key);
            boolean known = false;
            for (Supplier<ClientConfig<?>> client : clients) {
                known |= sets(client.get(), key, value);
            }
            if (!known) {
                throw new IllegalArgumentException("unknown client option '" + key + "' (-X " + key + "=…)");
            }
        });
        producer.forEach((key, value) -> {
            reserved("--producer-property", key);
            if (!sets(new ProducerConfig(), key, value)) {
                throw new IllegalArgumentException("unknown producer option '" + key + "' (--producer-property)");
            }
        });
        consumer.forEach((key, value) -> {
            reserved("--consumer-property", key);
            if (!sets(new ConsumerConfig(), key, value)) {
                throw new IllegalArgumentException("unknown consumer option '" + key + "' (--consumer-property)");
            }
        });
    }

    AdminConfig applyTo(AdminConfig config) {
        return applyKnown(config, any);
    }

    ProducerConfig applyTo(ProducerConfig config) {
        applyKnown(config, any);
        producer.forEach(config::set);
        return config;
    }

    ConsumerConfig applyTo(ConsumerConfig config) {
        applyKnown(config, any);
        consumer.forEach(config::set);
        return config;
    }

    private static void reserved(String option, String key) {
        String instead = RESERVED.get(key);
        if (instead != null) {
            throw new IllegalArgumentException(option + " " + key + ": the CLI sets " + key + " from " + instead);
        }
    }

    /** True when the client has the key (the value then parsed); false when it does not have it. */
    private static boolean sets(ClientConfig<?> config, String key, String value) {
        try {
            config.set(key, value);
            return true;
        } catch (UnknownConfigKeyException e) {
            return false;
        }
    }

    /** Sets the entries whose keys the client has, skipping the others (they are for another client). */
    private static <C extends ClientConfig<C>> C applyKnown(C config, Map<String, String> entries) {
        entries.forEach((key, value) -> sets(config, key, value));
        return config;
    }
}
