package io.spate;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The package layering of DESIGN.md, checked mechanically so it cannot rot. */
class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.spate");

    /** {@code common} is what every layer may import, so it imports nothing: the JDK only. */
    @Test
    void commonDependsOnTheJdkOnly() {
        classes().that().resideInAPackage("io.spate.common..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.spate.common..", "java..")
                .check(CLASSES);
    }

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

    /**
     * Replication is a library the broker drives: it may use the log, the protocol, the record format
     * and the client's networking, never the broker, the cluster metadata, groups or the CLI (the
     * broker wires it to them).
     */
    @Test
    void replicationKnowsNoBrokerNorCluster() {
        noClasses().that().resideInAPackage("io.spate.replication..")
                .should().dependOnClassesThat().resideInAnyPackage("io.spate.broker..", "io.spate.cluster..",
                        "io.spate.group..", "io.spate.cli..", "com.hazelcast..")
                .check(CLASSES);
    }

    /**
     * The coordinator is protocol-free and storage-agnostic: it speaks domain values and reaches the
     * offsets topic only through {@code CoordinatorLog}, so a second wire protocol or the cluster's
     * replication can sit around it unchanged. It may use the record format and the shared
     * ErrorCode/TopicPartition/SpateException values, not the message codecs.
     */
    @Test
    void groupKnowsNoBrokerNorWireMessages() {
        noClasses().that().resideInAPackage("io.spate.group..")
                .should().dependOnClassesThat().resideInAnyPackage("io.spate.log..", "io.spate.broker..",
                        "io.spate.client..", "io.spate.cli..", "io.spate.cluster..", "io.spate.replication..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.spate.group..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "are wire messages of io.spate.protocol", (com.tngtech.archunit.core.domain.JavaClass c) ->
                                c.getPackageName().equals("io.spate.protocol")
                                        && c.isAssignableTo("io.spate.protocol.Message")))
                .check(CLASSES);
    }

    /**
     * The protocol-free core: the Broker, partition writers and delayed fetches speak domain values
     * only, so a second listener (Kafka's) is a sibling of the native one, not a guest. Of
     * io.spate.protocol it may use the shared values ErrorCode, TopicPartition and SpateException,
     * no message or codec; of the broker, nothing above it.
     */
    @Test
    void brokerCoreIsProtocolFree() {
        noClasses().that().resideInAPackage("io.spate.broker.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.spate.broker.wire..", "io.spate.broker.node..",
                        "io.spate.broker.topic..", "io.spate.broker.replica..", "io.spate.client..", "io.spate.cli..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.spate.broker.core..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "are io.spate.protocol classes other than ErrorCode, TopicPartition, SpateException",
                        (com.tngtech.archunit.core.domain.JavaClass c) -> c.getPackageName().equals("io.spate.protocol")
                                && !SHARED_PROTOCOL_VALUES.contains(c.getName().replaceAll("\\$.*", ""))))
                .check(CLASSES);
    }

    private static final java.util.Set<String> SHARED_PROTOCOL_VALUES = java.util.Set.of("io.spate.protocol.ErrorCode",
            "io.spate.protocol.TopicPartition", "io.spate.protocol.SpateException");

    /** Topic admin and directories, and the replicas' glue, sit on the core and beside each other, never below it. */
    @Test
    void brokerRolesLayerOnTheCore() {
        noClasses().that().resideInAnyPackage("io.spate.broker.topic..", "io.spate.broker.replica..")
                .should().dependOnClassesThat().resideInAnyPackage("io.spate.broker.wire..", "io.spate.broker.node..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.spate.broker.wire..")
                .should().dependOnClassesThat().resideInAnyPackage("io.spate.broker.node..", "io.spate.broker.topic..",
                        "io.spate.broker.replica..")
                .check(CLASSES);
    }

    /** No two packages of Spate depend on each other, directly or through others. */
    @Test
    void packagesAreFreeOfCycles() {
        com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices().matching("io.spate.(**)")
                .should().beFreeOfCycles().check(CLASSES);
    }
}
