package io.spate.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --consumer-property KEY=VALUE} of the commands that consume (a picocli mixin); see {@link ClientProperties}. */
final class ConsumerProperties {
    @Option(names = "--consumer-property", paramLabel = "KEY=VALUE",
            description = "A consumer option (Kafka's key, e.g. fetch.max.wait.ms=100; see docs/configuration.md); "
                    + "repeatable.")
    Map<String, String> values = new LinkedHashMap<>();
}
