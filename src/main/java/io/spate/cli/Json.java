package io.spate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * The CLI's JSON output: Jackson trees written as one document. {@link #print} writes the document
 * pretty-printed, ended by a newline (what {@code --json} prints once per command);
 * {@link #printLine} writes it on one line (what streaming commands print once per item, JSON Lines).
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** The document pretty-printed, without a trailing newline. */
    public static String pretty(JsonNode node) {
        return write(PRETTY, node);
    }

    /** The document on one line, without a trailing newline. */
    public static String compact(JsonNode node) {
        return write(MAPPER, node);
    }

    public static void print(PrintStream out, JsonNode node) {
        out.println(pretty(node));
        out.flush();
    }

    public static void printLine(PrintStream out, JsonNode node) {
        out.println(compact(node));
    }

    /** Parses a document; for tests and for reading JSON arguments. */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON document: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(ObjectMapper mapper, JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // a tree of plain nodes always serializes
            throw new UncheckedIOException(e);
        }
    }
}
