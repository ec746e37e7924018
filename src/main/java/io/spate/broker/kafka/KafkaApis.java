package io.spate.broker.kafka;

import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The Kafka APIs this node serves, each with the version range it serves (what ApiVersions
 * advertises: exactly these, nothing else) and its adapter. Built once at start; read-only after.
 */
final class KafkaApis {
    /** An API and the versions of it served. */
    record Served(ApiKeys key, short min, short max, KafkaApi handler) {
        boolean serves(short version) {
            return version >= min && version <= max;
        }
    }

    private final Map<ApiKeys, Served> served = new EnumMap<>(ApiKeys.class);

    /** Serves {@code key} in versions {@code min..max} (within what kafka-clients' classes know of it). */
    KafkaApis add(ApiKeys key, int min, int max, KafkaApi handler) {
        if (min < key.oldestVersion() || max > key.latestVersion(true) || min > max) {
            throw new IllegalArgumentException(key + " " + min + ".." + max + " is outside what kafka-clients knows: "
                    + key.oldestVersion() + ".." + key.latestVersion(true));
        }
        served.put(key, new Served(key, (short) min, (short) max, handler));
        return this;
    }

    /** The API, or null when this node does not serve it. */
    Served get(ApiKeys key) {
        return served.get(key);
    }

    /** The ApiVersions list: every API served with its range. */
    ApiVersionsResponseData.ApiVersionCollection versions() {
        ApiVersionsResponseData.ApiVersionCollection out = new ApiVersionsResponseData.ApiVersionCollection();
        served.values().forEach(s -> out.add(new ApiVersionsResponseData.ApiVersion()
                .setApiKey(s.key().id).setMinVersion(s.min()).setMaxVersion(s.max())));
        return out;
    }
}
