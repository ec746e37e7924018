package io.spate.broker.kafka;

import io.spate.broker.core.Broker;
import io.spate.broker.core.ConfigChange;
import io.spate.cluster.TopicState;
import io.spate.log.LogConfig;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;

/**
 * DescribeConfigs and IncrementalAlterConfigs. A TOPIC resource has its configs ({@link TopicConfigs});
 * a BROKER resource named by this node's id has this node's configuration, every key read-only (Spate's
 * node configs are static: set in {@code conf/} and read at start), STATIC_BROKER_CONFIG where the
 * configuration sets a key to something else than its default, DEFAULT_CONFIG otherwise; the BROKER
 * resource named "" (the cluster-wide dynamic defaults) has none. Altering a node's config is refused.
 */
final class ConfigApis {
    private final Broker broker;
    private final TopicConfigs topicConfigs;
    private final KafkaNodeConfig node;

    ConfigApis(Broker broker, TopicConfigs topicConfigs, KafkaNodeConfig node) {
        this.broker = broker;
        this.topicConfigs = topicConfigs;
        this.node = node;
    }

    /** Synonyms from v1 when asked for, documentation and types from v3, each resource's error its own. */
    Future<ApiMessage> describeConfigs(KafkaRequest request) {
        DescribeConfigsRequestData req = request.body(DescribeConfigsRequest.class).data();
        boolean synonyms = req.includeSynonyms();
        boolean docs = request.version() >= 3 && req.includeDocumentation();
        DescribeConfigsResponseData out = new DescribeConfigsResponseData();
        for (DescribeConfigsRequestData.DescribeConfigsResource r : req.resources()) {
            DescribeConfigsResponseData.DescribeConfigsResult result = new DescribeConfigsResponseData.DescribeConfigsResult()
                    .setResourceType(r.resourceType()).setResourceName(r.resourceName()).setErrorCode(Errors.NONE.code());
            Set<String> keys = r.configurationKeys() == null ? null : new HashSet<>(r.configurationKeys());
            ConfigResource.Type type = ConfigResource.Type.forId(r.resourceType());
            if (type == ConfigResource.Type.TOPIC) {
                TopicState t = broker.directory().topic(r.resourceName());
                if (t == null) {
                    fail(result, Errors.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + r.resourceName() + "' does not exist");
                } else {
                    for (TopicConfigs.Entry e : topicConfigs.describe(t.configs())) {
                        if (keys == null || keys.contains(e.name())) {
                            result.configs().add(entry(e, false, synonyms, docs));
                        }
                    }
                }
            } else if (type == ConfigResource.Type.BROKER) {
                String refused = brokerNameRefused(r.resourceName());
                if (refused != null) {
                    fail(result, Errors.INVALID_REQUEST, refused);
                } else if (!r.resourceName().isEmpty()) {
                    node.values().forEach((k, v) -> {
                        if (keys == null || keys.contains(k)) {
                            result.configs().add(entry(nodeEntry(k, v), true, synonyms, docs));
                        }
                    });
                }
            } else {
                fail(result, Errors.INVALID_REQUEST, "resource type " + type + " (" + r.resourceType()
                        + ") has no configs on this node: only TOPIC and BROKER resources are served");
            }
            out.results().add(result);
        }
        return Future.succeededFuture(out);
    }

    /** Why a BROKER resource name is refused (Kafka's rule: this node's id, or "" for the cluster defaults), or null. */
    private String brokerNameRefused(String name) {
        int self = node.intValue("node.id", -1);
        if (name.isEmpty() || name.equals(Integer.toString(self))) {
            return null;
        }
        return "unexpected broker id '" + name + "': expected " + self + " or the empty name";
    }

    private static void fail(DescribeConfigsResponseData.DescribeConfigsResult result, Errors error, String message) {
        result.setErrorCode(error.code()).setErrorMessage(message);
    }

    private TopicConfigs.Entry nodeEntry(String key, Object value) {
        ConfigSource source = node.overridden(key) ? ConfigSource.STATIC_BROKER_CONFIG : ConfigSource.DEFAULT_CONFIG;
        List<TopicConfigs.Synonym> synonyms = new ArrayList<>(2);
        synonyms.add(new TopicConfigs.Synonym(key, String.valueOf(value), source));
        if (source == ConfigSource.STATIC_BROKER_CONFIG && node.defaults().containsKey(key)) {
            synonyms.add(new TopicConfigs.Synonym(key, String.valueOf(node.defaults().get(key)), ConfigSource.DEFAULT_CONFIG));
        }
        ConfigType type = value instanceof Boolean ? ConfigType.BOOLEAN : value instanceof Integer ? ConfigType.INT
                : value instanceof Short ? ConfigType.SHORT : value instanceof Long ? ConfigType.LONG
                : value instanceof Double ? ConfigType.DOUBLE : ConfigType.STRING;
        return new TopicConfigs.Entry(key, String.valueOf(value), source, synonyms, type, null); // docs/configuration.md
    }

    private static DescribeConfigsResponseData.DescribeConfigsResourceResult entry(TopicConfigs.Entry e, boolean readOnly,
                                                                                   boolean synonyms, boolean docs) {
        DescribeConfigsResponseData.DescribeConfigsResourceResult c = new DescribeConfigsResponseData.DescribeConfigsResourceResult()
                .setName(e.name()).setValue(e.value()).setReadOnly(readOnly).setIsSensitive(false)
                .setConfigSource(e.source().id()).setConfigType(e.type().id());
        if (synonyms) {
            e.synonyms().forEach(s -> c.synonyms().add(new DescribeConfigsResponseData.DescribeConfigsSynonym()
                    .setName(s.name()).setValue(s.value()).setSource(s.source().id())));
        }
        if (docs) {
            c.setDocumentation(e.doc());
        }
        return c;
    }

    /**
     * IncrementalAlterConfigs of topics: SET, DELETE (back to the node default), and APPEND / SUBTRACT
     * on a list config (cleanup.policy), applied to its current value. Refused per resource, changing
     * nothing of it: a BROKER resource (node configs are static), another resource type, a resource
     * named twice or a config named twice in one resource (INVALID_REQUEST), APPEND / SUBTRACT on a
     * non-list config (INVALID_CONFIG); unknown topics and bad values get the core's error.
     */
    Future<ApiMessage> incrementalAlterConfigs(KafkaRequest request) {
        IncrementalAlterConfigsRequestData req = request.body(IncrementalAlterConfigsRequest.class).data();
        List<IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse> results = new ArrayList<>();
        Map<String, ConfigChange> changes = new LinkedHashMap<>();
        Map<String, IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse> pending = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        Set<String> twice = new HashSet<>();
        req.resources().forEach(r -> {
            if (!seen.add(r.resourceType() + "/" + r.resourceName())) {
                twice.add(r.resourceType() + "/" + r.resourceName());
            }
        });
        for (IncrementalAlterConfigsRequestData.AlterConfigsResource r : req.resources()) {
            IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse result =
                    new IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse()
                            .setResourceType(r.resourceType()).setResourceName(r.resourceName());
            results.add(result);
            ConfigResource.Type type = ConfigResource.Type.forId(r.resourceType());
            Object change = twice.contains(r.resourceType() + "/" + r.resourceName())
                    ? refusal(Errors.INVALID_REQUEST, "resource " + type + " '" + r.resourceName() + "' is named more than once")
                    : type == ConfigResource.Type.BROKER
                    ? refusal(Errors.INVALID_REQUEST, "node configs are static in Spate: set " + keysOf(r)
                            + " in the node's configuration (conf/) and restart it")
                    : type != ConfigResource.Type.TOPIC
                    ? refusal(Errors.INVALID_REQUEST, "resource type " + type + " (" + r.resourceType()
                            + ") has no configs on this node: only TOPIC configs can be altered")
                    : topicChange(r);
            if (change instanceof Refusal refused) {
                result.setErrorCode(refused.error().code()).setErrorMessage(refused.message());
            } else {
                changes.put(r.resourceName(), (ConfigChange) change);
                pending.put(r.resourceName(), result);
            }
        }
        IncrementalAlterConfigsResponseData out = new IncrementalAlterConfigsResponseData().setResponses(results);
        if (changes.isEmpty()) {
            return Future.succeededFuture(out);
        }
        return broker.admin().alterConfigs(changes, req.validateOnly()).map(outcomes -> {
            outcomes.forEach(o -> pending.get(o.name()).setErrorCode(o.error().code()).setErrorMessage(o.errorMessage()));
            return out;
        });
    }

    private record Refusal(Errors error, String message) {
    }

    private static Refusal refusal(Errors error, String message) {
        return new Refusal(error, message);
    }

    private static String keysOf(IncrementalAlterConfigsRequestData.AlterConfigsResource r) {
        return r.configs().stream().map(IncrementalAlterConfigsRequestData.AlterableConfig::name)
                .collect(Collectors.joining(", "));
    }

    /** The topic's change, or a {@link Refusal}. */
    private Object topicChange(IncrementalAlterConfigsRequestData.AlterConfigsResource r) {
        Map<String, String> set = new LinkedHashMap<>();
        Set<String> delete = new HashSet<>();
        Set<String> named = new HashSet<>();
        TopicState topic = broker.directory().topic(r.resourceName());
        for (IncrementalAlterConfigsRequestData.AlterableConfig c : r.configs()) {
            if (!named.add(c.name())) {
                return refusal(Errors.INVALID_REQUEST, "config '" + c.name() + "' is named more than once");
            }
            AlterConfigOp.OpType op;
            try {
                op = AlterConfigOp.OpType.forId(c.configOperation());
            } catch (IllegalArgumentException e) {
                op = null;
            }
            if (op == null) {
                return refusal(Errors.INVALID_REQUEST, "unknown config operation " + c.configOperation() + " on '" + c.name() + "'");
            }
            switch (op) {
                case SET -> {
                    if (c.value() == null) {
                        return refusal(Errors.INVALID_REQUEST, "SET of '" + c.name() + "' needs a value (DELETE resets it)");
                    }
                    set.put(c.name(), c.value());
                }
                case DELETE -> delete.add(c.name());
                case APPEND, SUBTRACT -> {
                    if (!LogConfig.CLEANUP_POLICY.equals(c.name())) {
                        return refusal(Errors.INVALID_CONFIG, op + " applies to list configs only ("
                                + LogConfig.CLEANUP_POLICY + "), not to '" + c.name() + "'");
                    }
                    if (topic == null) {
                        return refusal(Errors.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + r.resourceName() + "' does not exist");
                    } else {
                        set.put(c.name(), listChanged(current(topic, c.name()), c.value(), op == AlterConfigOp.OpType.APPEND));
                    }
                }
                default -> throw new IllegalStateException("unreachable: " + op);
            }
        }
        return new ConfigChange(set, delete);
    }

    private String current(TopicState topic, String key) {
        String override = topic.configs().get(key);
        return override != null ? override : broker.topics().topicDefaults().toMap().get(key);
    }

    /** {@code current} with each item of {@code items} added (once) or removed. */
    private static String listChanged(String current, String items, boolean add) {
        Set<String> values = new LinkedHashSet<>();
        for (String v : current.split(",")) {
            if (!v.isBlank()) {
                values.add(v.trim());
            }
        }
        List<String> changes = items == null ? List.of() : Arrays.stream(items.split(",")).map(String::trim)
                .filter(v -> !v.isEmpty()).toList();
        if (add) {
            values.addAll(changes);
        } else {
            changes.forEach(values::remove);
        }
        return String.join(",", values);
    }
}
