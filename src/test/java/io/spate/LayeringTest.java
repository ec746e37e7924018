package io.spate;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The package layering of DESIGN.md, checked mechanically so it cannot rot. */
class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.spate");

    @Test
    void recordDependsOnNothingOfSpate() {
        noClasses().that().resideInAPackage("io.spate.record..")
                .should().dependOnClassesThat().resideInAnyPackage("io.spate.protocol..", "io.spate.log..",
                        "io.spate.broker..", "io.spate.cluster..", "io.spate.replication..", "io.spate.group..",
                        "io.spate.client..", "io.spate.cli..", "io.vertx..", "io.netty..")
                .check(CLASSES);
    }

    @Test
    void protocolKnowsNothingOfTheBroker() {
        noClasses().that().resideInAPackage("io.spate.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("io.spate.log..", "io.spate.broker..",
                        "io.spate.cluster..", "io.spate.replication..", "io.spate.group..", "io.spate.client..",
                        "io.spate.cli..", "io.vertx..")
                .check(CLASSES);
    }

    @Test
    void clientNeverImportsBrokerSide() {
        noClasses().that().resideInAPackage("io.spate.client..")
                .should().dependOnClassesThat().resideInAnyPackage("io.spate.log..", "io.spate.broker..",
                        "io.spate.cluster..", "io.spate.replication..", "io.spate.group..", "io.spate.cli..",
                        "com.hazelcast..", "com.fasterxml..")
                .check(CLASSES);
    }

    @Test
    void logKnowsNothingOfNetworkOrBroker() {
        noClasses().that().resideInAPackage("io.spate.log..")
                .should().dependOnClassesThat().resideInAnyPackage("io.spate.protocol..", "io.spate.broker..",
                        "io.spate.client..", "io.spate.cli..", "io.vertx..")
                .check(CLASSES);
    }
}
