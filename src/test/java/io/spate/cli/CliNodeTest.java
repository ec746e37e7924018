package io.spate.cli;

import io.spate.broker.node.SpateNode;
import io.spate.testing.TestNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the CLI tests that need a real node: one in-process node per test class on 127.0.0.1
 * port 0, and {@code spate} runs pointed at it through {@code SPATE_BOOTSTRAP}.
 */
abstract class CliNodeTest {
    @TempDir
    static Path dataDir;
    static SpateNode node;
    static Map<String, String> env;

    @BeforeAll
    static void startNode() {
        node = TestNode.start(dataDir, "group.initial.rebalance.delay.ms=0");
        env = Map.of(SpateCli.BOOTSTRAP_ENV, "127.0.0.1:" + node.port());
    }

    @AfterAll
    static void stopNode() {
        TestNode.stop(node);
    }

    static CliRun spate(String... args) {
        return CliRun.withEnv(env, args);
    }

    static CliRun spateWithInput(String stdin, String... args) {
        return CliRun.withInput(stdin, env, args);
    }
}
