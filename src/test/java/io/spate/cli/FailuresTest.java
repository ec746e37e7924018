package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Exit codes and the one line on stderr for each kind of failure. */
class FailuresTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void brokerErrorIsCodeAndMessageOnOneLine() {
        int code = Failures.report(new SpateException(ErrorCode.TOPIC_ALREADY_EXISTS, "topic 'a' exists\nalready"),
                errStream, false, false);
        assertEquals(ExitCodes.FAILED, code);
        assertEquals("spate: TOPIC_ALREADY_EXISTS: topic 'a' exists already\n", err());
    }

    @Test
    void brokerErrorWithoutMessageGetsTheCodesMeaning() {
        Failures.report(new SpateException(ErrorCode.INVALID_PARTITIONS, null), errStream, false, false);
        assertEquals("spate: INVALID_PARTITIONS: " + ErrorCode.INVALID_PARTITIONS.message() + "\n", err());
    }

    @Test
    void wrappedBrokerErrorIsUnwrapped() {
        int code = Failures.report(new CompletionException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.exception("no t")),
                errStream, true, false);
        assertEquals(ExitCodes.FAILED, code);
        assertEquals("spate: UNKNOWN_TOPIC_OR_PARTITION: no t\n", err());
    }

    @Test
    void refusedConnectionAnywhereInTheChainIsExitThree() {
        SpateException wrapped = new SpateException(ErrorCode.NETWORK_EXCEPTION, "connect failed",
                new ConnectException("Connection refused"));
        assertEquals(ExitCodes.CANNOT_CONNECT, Failures.report(wrapped, errStream, false, false));
        assertEquals("spate: cannot connect: ConnectException: Connection refused\n", err());
    }

    @Test
    void cannotConnectIsExitThree() {
        assertEquals(ExitCodes.CANNOT_CONNECT,
                Failures.report(new CannotConnectException("h:1", "cannot connect to h:1: Connection refused"), errStream, false, false));
        assertEquals("spate: cannot connect to h:1: Connection refused\n", err());
    }

    @Test
    void localFailureIsItsMessage() {
        assertEquals(ExitCodes.FAILED, Failures.report(new CommandFailedException("line 3 has no key"), errStream, false, false));
        assertEquals("spate: line 3 has no key\n", err());
    }

    @Test
    void unexpectedErrorIsOneLineWithoutDebugAndATraceWithIt() {
        assertEquals(ExitCodes.FAILED, Failures.report(new IllegalStateException("bug"), errStream, false, false));
        assertEquals("spate: internal error: java.lang.IllegalStateException: bug\n", err());
        err.reset();
        Failures.report(new IllegalStateException("bug"), errStream, true, false);
        assertTrue(err().lines().count() > 1);
        assertTrue(err().contains("\tat "));
    }

    @Test
    void underJsonEachFailureIsOneJsonDocument() {
        Failures.report(ErrorCode.TOPIC_ALREADY_EXISTS.exception("topic 'a' already exists"), errStream, false, true);
        Failures.report(new CommandFailedException("line 3 has no key"), errStream, false, true);
        Failures.report(new CannotConnectException("h:1", "cannot connect to h:1: Connection refused"), errStream, false,
                true);
        assertEquals("{\"error\":\"TOPIC_ALREADY_EXISTS\",\"message\":\"topic 'a' already exists\",\"exitCode\":1}\n"
                + "{\"error\":\"COMMAND_FAILED\",\"message\":\"line 3 has no key\",\"exitCode\":1}\n"
                + "{\"error\":\"CANNOT_CONNECT\",\"message\":\"cannot connect to h:1: Connection refused\",\"exitCode\":3}\n",
                err());
    }

    @Test
    void detailDropsTheCode() {
        assertEquals("boom", Failures.detail(ErrorCode.CORRUPT_MESSAGE.exception("boom")));
        assertFalse(Failures.detail(new SpateException(ErrorCode.CORRUPT_MESSAGE, "")).isEmpty());
    }
}
