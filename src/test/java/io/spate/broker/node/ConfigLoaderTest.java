package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    private String failure(String json) throws IOException {
        Path file = Files.writeString(tmp.resolve("spate.json"), json);
        return assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(file, List.of())).getMessage()
                .replace(file.toString(), "F");
    }

    @Test
    void aSyntaxErrorGivesFileLineAndColumnWithoutJacksonsInternals() throws IOException {
        assertEquals("config file F, line 3, column 3: unexpected character '\"': was expecting comma to separate "
                + "Object entries", failure("{\n  \"listener.port\": 7092\n  \"data.dir\": \"x\"\n}\n"));
        assertEquals("config file F, line 1, column 24: unexpected character '}': was expecting double-quote to start "
                + "field name", failure("{\"listener.port\": 7092,}"));
        assertEquals("config file F, line 3, column 1: unexpected end-of-input: expected close marker for Object "
                + "(start marker at line 1, column 1)", failure("{\n \"a\": 1\n"));
    }

    @Test
    void aMissingFileSaysSo() {
        Path missing = tmp.resolve("missing.json");
        assertEquals("cannot read config file " + missing + ": no such file",
                assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(missing, List.of())).getMessage());
    }
}
