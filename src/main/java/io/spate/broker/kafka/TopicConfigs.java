package io.spate.broker.kafka;

import io.spate.broker.core.Broker;
import io.spate.log.LogConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

/**
 * A topic's configs as Kafka's admin APIs show them (DescribeConfigs, CreateTopics v5+): every key with
 * its effective value and where that value comes from, in Kafka's order of precedence: the topic's own
 * override (TOPIC_CONFIG), the node's {@code log.<key>} default when its configuration sets one
 * (STATIC_BROKER_CONFIG), else the built-in default (DEFAULT_CONFIG). Topic configs are never
 * read-only or sensitive. Types are Kafka's for the same keys; documentation is kafka-clients' own
 * ({@link TopicConfig}'s {@code *_DOC} texts), or none for a key Kafka does not document there.
 */
final class TopicConfigs {
    /** Where a node's default of topic config {@code key} is set: {@code log.<key>}. */
    static final String NODE_PREFIX = "log.";

    private static final Map<String, ConfigType> TYPES = Map.ofEntries(
            Map.entry(LogConfig.SEGMENT_BYTES, ConfigType.INT),
            Map.entry(LogConfig.SEGMENT_MS, ConfigType.LONG),
            Map.entry(LogConfig.RETENTION_MS, ConfigType.LONG),
            Map.entry(LogConfig.RETENTION_BYTES, ConfigType.LONG),
            Map.entry(LogConfig.MAX_MESSAGE_BYTES, ConfigType.INT),
            Map.entry(LogConfig.INDEX_INTERVAL_BYTES, ConfigType.INT),
            Map.entry(LogConfig.SEGMENT_INDEX_BYTES, ConfigType.INT),
            Map.entry(LogConfig.MESSAGE_TIMESTAMP_TYPE, ConfigType.STRING),
            Map.entry(LogConfig.CLEANUP_POLICY, ConfigType.LIST),
            Map.entry(LogConfig.DELETE_RETENTION_MS, ConfigType.LONG),
            Map.entry(LogConfig.FILE_DELETE_DELAY_MS, ConfigType.LONG),
            Map.entry(LogConfig.MIN_IN_SYNC_REPLICAS, ConfigType.INT),
            Map.entry(LogConfig.UNCLEAN_LEADER_ELECTION_ENABLE, ConfigType.BOOLEAN),
            Map.entry(LogConfig.FLUSH_MESSAGES, ConfigType.LONG),
            Map.entry(LogConfig.FLUSH_MS, ConfigType.LONG));

    private static final Map<String, String> DOCS = kafkaTopicDocs();

    /** One config as answered: its name, effective value, source and (most precedent first) synonyms. */
    record Entry(String name, String value, ConfigSource source, List<Synonym> synonyms, ConfigType type, String doc) {
    }

    /** A synonym: the same setting at one level (the topic's override, the node's default, the built-in one). */
    record Synonym(String name, String value, ConfigSource source) {
    }

    private final Broker broker;

    TopicConfigs(Broker broker) {
        this.broker = broker;
    }

    /**
     * Every config of a topic with {@code overrides}, in {@link LogConfig#keys()} order.
     *
     * @throws io.spate.log.InvalidConfigException if {@code overrides} holds an unknown key or a bad value
     */
    List<Entry> describe(Map<String, String> overrides) {
        LogConfig defaults = broker.topics().topicDefaults();
        Map<String, String> effective = LogConfig.from(overrides, defaults).toMap();
        Map<String, String> builtIn = LogConfig.defaults().toMap();
        Map<String, String> nodeDefaults = defaults.toMap();
        List<Entry> out = new ArrayList<>(effective.size());
        effective.forEach((key, value) -> {
            List<Synonym> synonyms = new ArrayList<>(3);
            if (overrides.containsKey(key)) {
                synonyms.add(new Synonym(key, value, ConfigSource.TOPIC_CONFIG));
            }
            if (!nodeDefaults.get(key).equals(builtIn.get(key))) { // the node's configuration sets log.<key>
                synonyms.add(new Synonym(NODE_PREFIX + key, nodeDefaults.get(key), ConfigSource.STATIC_BROKER_CONFIG));
            }
            synonyms.add(new Synonym(NODE_PREFIX + key, builtIn.get(key), ConfigSource.DEFAULT_CONFIG));
            out.add(new Entry(key, value, synonyms.get(0).source(), synonyms, TYPES.getOrDefault(key, ConfigType.UNKNOWN),
                    DOCS.get(key)));
        });
        return out;
    }

    /** kafka-clients' documentation of each topic config key: {@code TopicConfig.X_CONFIG} and its {@code X_DOC}. */
    private static Map<String, String> kafkaTopicDocs() {
        Map<String, String> docs = new HashMap<>();
        for (Field f : TopicConfig.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || !f.getName().endsWith("_CONFIG") || f.getType() != String.class) {
                continue;
            }
            try {
                Field doc = TopicConfig.class.getField(f.getName().substring(0, f.getName().length() - "_CONFIG".length())
                        + "_DOC");
                docs.put((String) f.get(null), (String) doc.get(null));
            } catch (NoSuchFieldException | IllegalAccessException e) {
                // a key kafka-clients names without a text: answered without documentation
            }
        }
        return Map.copyOf(docs);
    }
}
