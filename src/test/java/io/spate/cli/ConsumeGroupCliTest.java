package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code spate consume --group}: runs of one group continue where the previous one committed. */
@Timeout(60)
class ConsumeGroupCliTest extends CliNodeTest {
    @Test
    void twoRunsOfOneGroupReadDisjointRecords() {
        assertEquals(0, spate("topic", "create", "jobs", "--partitions", "2").exitCode());
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            input.append("job-").append(i).append('\n');
        }
        assertEquals(0, spateWithInput(input.toString(), "produce", "jobs").exitCode());

        CliRun first = spate("consume", "jobs", "--group", "workers", "--from-beginning", "--max-messages", "4",
                "--timeout-ms", "20000");
        assertEquals(0, first.exitCode(), first.toString());
        CliRun second = spate("consume", "jobs", "--group", "workers", "--max-messages", "6", "--timeout-ms", "20000");
        assertEquals(0, second.exitCode(), second.toString());

        List<String> a = first.out().lines().toList();
        List<String> b = second.out().lines().toList();
        assertEquals(4, a.size(), first.toString());
        assertEquals(6, b.size(), second.toString());
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        Set<String> want = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            want.add("job-" + i);
        }
        assertEquals(want, new HashSet<>(all), "disjoint and complete: " + all);
        assertTrue(second.err().contains("Processed a total of 6 messages"), second.err());
    }

    @Test
    void groupExcludesPartitionAndOffset() {
        CliRun run = spate("consume", "jobs", "--group", "g", "--partition", "0");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
        assertTrue(run.err().contains("--group"), run.err());
    }
}
