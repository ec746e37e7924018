package io.spate.broker.node;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read config file " + file + ": " + readFailure(e), e);
            }
            try {
                root = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(syntaxError(file, e), e);
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

    /**
     * {@code config file F, line L, column C: what is wrong}, in Jackson's words without its
     * internals (character codes, source descriptions, feature names).
     */
    static String syntaxError(Path file, JsonProcessingException e) {
        String what = e.getOriginalMessage();
        // "('}' (code 125))" -> "'}'"
        what = what.replaceAll("\\('(.+?)' \\(code -?\\d+\\)\\)", "'$1'");
        // a location inside the message, e.g. of the start of an object left open
        what = what.replaceAll("\\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
        what = what.replaceAll("\\s*\\n.*", "");
        what = what.isEmpty() ? what : Character.toLowerCase(what.charAt(0)) + what.substring(1);
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : ", line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "config file " + file + where + ": " + what;
    }

    private static String readFailure(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof MalformedInputException) {
            return "not UTF-8 text";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
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
