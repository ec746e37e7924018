package io.spate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ExternalCommandTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void returnsStdoutLinesOfAProgramThatReadItsStdin() {
        List<String> lines = ExternalCommand.run(TIMEOUT, "a\tü\nb\tz\n",
                List.of("sh", "-c", "echo start; cat; echo warning >&2"));
        assertEquals(List.of("start", "a\tü", "b\tz"), lines);
    }

    @Test
    void failingProgramIsAnAssertionErrorQuotingItsExitCodeAndStderr() {
        AssertionError e = assertThrows(AssertionError.class, () -> ExternalCommand.run(TIMEOUT, "",
                List.of("sh", "-c", "echo out; echo 'broker said no' >&2; exit 3")));
        assertTrue(e.getMessage().contains("exited with 3"), e.getMessage());
        assertTrue(e.getMessage().contains("broker said no"), e.getMessage());
    }

    @Test
    void programRunningPastTheTimeoutIsKilledAndReported(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("pid");
        AssertionError e = assertThrows(AssertionError.class, () -> ExternalCommand.run(Duration.ofMillis(500), "",
                List.of("sh", "-c", "echo $$ > " + pidFile + "; echo waiting >&2; exec sleep 30")));
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        Eventually.eventually("killed", () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        assertTrue(e.getMessage().contains("did not finish within PT0.5S, killed"), e.getMessage());
        assertTrue(e.getMessage().contains("waiting"), e.getMessage());
    }

    @Test
    void missingProgramSaysWhatInstallsIt() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> ExternalCommand.run(TIMEOUT, "", List.of("no-such-kafka-client-xyz")));
        assertTrue(e.getMessage().contains("scripts/ci/install-tools.sh"), e.getMessage());
    }
}
