package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.spate.common.SpateVersion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SpateMainTest {
    @Test
    void versionPrintsTheProjectVersionAndStartsNothing() {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertNull(SpateMain.parse(new String[] {"--version"}));
        } finally {
            System.setOut(saved);
        }
        assertEquals("spate " + SpateVersion.get() + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
    }
}
