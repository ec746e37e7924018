package io.spate.broker.node;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a JSON config file plus {@code --set key=value} overrides into a {@link BrokerConfig}.
 * Nested objects are flattened with dots; arrays are refused (no key takes a list).
 */
public final class ConfigLoader {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ConfigLoader() {
    }

    public static BrokerConfig load(Path file, List<String> overrides) {
        Map<String, Object> flat = new LinkedHashMap<>();
        if (file != null) {
            JsonNode root;
            try {
                root = JSON.readTree(Files.readString(file));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
            }
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("config file " + file + " must hold a JSON object");
            }
            flatten("", root, flat);
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set takes key=value, got '" + o + "'");
            }
            flat.put(o.substring(0, eq).trim(), o.substring(eq + 1));
        }
        return BrokerConfig.from(flat);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> out) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            JsonNode v = f.getValue();
            if (v.isObject()) {
                flatten(key, v, out);
            } else if (v.isArray()) {
                throw new ConfigException(key, "lists are not accepted here");
            } else if (v.isNull()) {
                throw new ConfigException(key, "must not be null");
            } else if (v.isIntegralNumber()) {
                out.put(key, v.longValue());
            } else {
                out.put(key, v.asText());
            }
        }
    }
}
