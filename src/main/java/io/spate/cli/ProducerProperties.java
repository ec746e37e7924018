package io.spate.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --producer-property KEY=VALUE} of the commands that produce (a picocli mixin); see {@link ClientProperties}. */
final class ProducerProperties {
    @Option(names = "--producer-property", paramLabel = "KEY=VALUE",
            description = "A producer option (Kafka's key, e.g. linger.ms=20; see docs/configuration.md); repeatable.")
    Map<String, String> values = new LinkedHashMap<>();
}
