package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The global options against a real node: the bootstrap aliases and environment variables, and
 * client options (-X, --producer-property, --consumer-property) reaching the clients.
 */
@Timeout(120)
class GlobalOptionsTest extends CliNodeTest {
    private static String address() {
        return "127.0.0.1:" + node.port();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void everyNameOfTheBootstrapOptionReachesTheNode() {
        for (String name : new String[] {"-b", "--bootstrap", "--bootstrap-server"}) {
            CliRun before = CliRun.run(name, address(), "topic", "list");
            assertEquals(ExitCodes.OK, before.exitCode(), name + "\n" + before);
            CliRun after = CliRun.run("topic", "list", name, address());
            assertEquals(ExitCodes.OK, after.exitCode(), name + "\n" + after);
        }
    }

    @Test
    void spateBrokersIsUsedWithoutAFlagAndTheFlagWins() throws IOException {
        String nowhere = "127.0.0.1:" + closedPort();
        assertEquals(ExitCodes.OK, CliRun.withEnv(Map.of(SpateCli.BROKERS_ENV, address()), "topic", "list").exitCode());
        CliRun flagWins = CliRun.withEnv(Map.of(SpateCli.BROKERS_ENV, nowhere), "-b", address(), "topic", "list");
        assertEquals(ExitCodes.OK, flagWins.exitCode(), flagWins.toString());
        CliRun envUsed = CliRun.withEnv(Map.of(SpateCli.BROKERS_ENV, nowhere, SpateCli.BOOTSTRAP_ENV, address()),
                "topic", "list");
        assertEquals(ExitCodes.CANNOT_CONNECT, envUsed.exitCode(), envUsed.toString());
        assertTrue(envUsed.err().contains(nowhere), envUsed.toString());
    }

    @Test
    void theProbeSkipsAnAddressWhereNothingListens() throws IOException {
        Bootstrap b = Bootstrap.parse("127.0.0.1:" + closedPort() + "," + address());
        assertEquals(node.port(), b.probe(Duration.ofSeconds(5)).getPort());
    }

    @Test
    void producerOptionsReachTheProducer() {
        assertEquals(ExitCodes.OK, spate("topic", "create", "xopts").exitCode());
        String line = "x".repeat(500) + "\n";
        for (String[] option : new String[][] {{"-X", "max.request.size=200"},
                {"--producer-property", "max.request.size=200"}}) {
            CliRun run = spateWithInput(line, "produce", "xopts", option[0], option[1]);
            assertEquals(ExitCodes.FAILED, run.exitCode(), run.toString());
            assertTrue(run.err().startsWith("spate: MESSAGE_TOO_LARGE: "), run.toString());
            assertTrue(run.err().contains("max.request.size 200"), run.toString());
        }
        assertEquals(ExitCodes.OK, spateWithInput(line, "produce", "xopts", "-X", "max.request.size=2000").exitCode());
    }

    @Test
    void consumerOptionsThatDoNotValidateAreUsageErrors() {
        assertEquals(ExitCodes.OK, spate("topic", "create", "xcons").exitCode());
        CliRun run = spate("consume", "xcons", "--consumer-property", "fetch.max.wait.ms=40000", "--timeout-ms", "100");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
        assertEquals("spate: request.timeout.ms (30000) must exceed fetch.max.wait.ms (40000)", run.errLines()[0],
                run.toString());
        CliRun fine = spate("consume", "xcons", "-X", "fetch.max.wait.ms=100", "--timeout-ms", "300");
        assertEquals(ExitCodes.OK, fine.exitCode(), fine.toString());
    }
}
