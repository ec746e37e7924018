package io.spate;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package layering of DESIGN.md, checked mechanically so it cannot rot. */
class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.spate");
    private static final DescribedPredicate<JavaClass> CLIENT_ENTRY_POINTS = DescribedPredicate.describe(
            "the client's entry points SpateProducer, SpateConsumer, SpateAdmin",
            c -> c.getName().matches("io\\.spate\\.client\\.Spate(Producer|Consumer|Admin)(\\$.*)?"));

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
                        "io.spate.client..", "io.spate.cli..", "io.spate.transport..", "io.vertx..", "io.netty..")
                .check(CLASSES);
    }

    @Test
    void protocolKnowsNothingOfTheBroker() {
        noClasses().that().resideInAPackage("io.spate.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("io.spate.log..", "io.spate.broker..",
                        "io.spate.cluster..", "io.spate.replication..", "io.spate.group..", "io.spate.client..",
                        "io.spate.cli..", "io.spate.transport..", "io.vertx..")
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
                        "io.spate.client..", "io.spate.cli..", "io.spate.transport..", "io.vertx..")
                .check(CLASSES);
    }

    /**
     * Replication is a library the broker drives: it may use the log, the protocol, the record format
     * and transport's channels, never the broker, the cluster metadata, groups or the CLI (the
     * broker wires it to them), nor the client ({@link #serverNeverDependsOnTheClient}).
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
     * Producer ids and the transaction coordinator are protocol-free like the group coordinator: no
     * wire messages, no broker, no cluster, no groups (a cluster's blocks come through the
     * {@code ProducerIdBlocks} the broker's topic layer implements over the metadata quorum, the
     * topic through {@code TxnStateLog}, markers through {@code TxnMarkerSender}). Of io.spate.protocol
     * it may use the shared values ErrorCode, TopicPartition and SpateException, as the group coordinator does.
     */
    @Test
    void txnKnowsNoBrokerClusterNorWireMessages() {
        noClasses().that().resideInAPackage("io.spate.txn..")
                .should().dependOnClassesThat().resideInAnyPackage("io.spate.broker..", "io.spate.cluster..",
                        "io.spate.client..", "io.spate.cli..", "io.spate.replication..", "io.spate.group..",
                        "io.spate.transport..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.spate.txn..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "are io.spate.protocol classes other than ErrorCode, TopicPartition, SpateException",
                        (com.tngtech.archunit.core.domain.JavaClass c) -> c.getPackageName().equals("io.spate.protocol")
                                && !SHARED_PROTOCOL_VALUES.contains(c.getName().replaceAll("\\$.*", ""))))
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

    /**
     * Kafka's wire protocol (kafka-clients' message classes) is the Kafka listener's business only:
     * nothing else of Spate depends on kafka-clients, and the native listener knows nothing of the
     * Kafka one (both sit on the protocol-free core).
     */
    @Test
    void onlyTheKafkaListenerSpeaksKafka() {
        noClasses().that().resideOutsideOfPackage("io.spate.broker.kafka..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("io.spate.broker.wire..", "io.spate.broker.core..")
                .should().dependOnClassesThat().resideInAPackage("io.spate.broker.kafka..")
                .check(CLASSES);
    }

    /**
     * {@code io.vertx.core.internal} (ContextInternal, VertxInternal, NetSocketInternal, ...) is not
     * Vert.x's public API and may change in any release: only {@code transport} touches it
     * ({@code LoopContext}, {@code SocketIo}, {@code ClientConnection}), everyone else goes through those.
     */
    @Test
    void onlyTransportTouchesVertxInternals() {
        noClasses().that().resideOutsideOfPackage("io.spate.transport..")
                .should().dependOnClassesThat().resideInAPackage("io.vertx.core.internal..")
                .check(CLASSES);
    }

    /**
     * The client is a library for users, shipped as its own jar; the server's own connections
     * (a follower's to its leader) use {@code transport}, never the client.
     */
    @Test
    void serverNeverDependsOnTheClient() {
        noClasses().that().resideInAnyPackage("io.spate.broker..", "io.spate.replication..", "io.spate.cluster..",
                        "io.spate.group..", "io.spate.log..")
                .should().dependOnClassesThat().resideInAPackage("io.spate.client..")
                .check(CLASSES);
    }

    /** Transport is shared by client and server, so it knows neither: only frames and record bytes. */
    @Test
    void transportDependsOnlyOnProtocolAndRecord() {
        classes().that().resideInAPackage("io.spate.transport..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.spate..")
                        .or(resideInAnyPackage("io.spate.transport..", "io.spate.protocol..", "io.spate.record..")))
                .check(CLASSES);
    }

    /**
     * {@code io.spate.client} is the client's API; {@code client.internal..} is its machinery, for
     * the API's classes and the internals themselves. The CLI, the assignors and everything else
     * use the public API (the CLI does today).
     */
    @Test
    void clientInternalsAreForTheClientApiOnly() {
        noClasses().that().resideOutsideOfPackages("io.spate.client", "io.spate.client.internal..")
                .should().dependOnClassesThat().resideInAPackage("io.spate.client.internal..")
                .check(CLASSES);
    }

    /**
     * Membership, the metadata image and the controller are the bottom of the server: the broker,
     * replication and groups are built on them, never the other way round.
     */
    @Test
    void clusterKnowsNoBrokerReplicationGroupsNorClient() {
        noClasses().that().resideInAPackage("io.spate.cluster..")
                .should().dependOnClassesThat().resideInAnyPackage("io.spate.broker..", "io.spate.replication..",
                        "io.spate.group..", "io.spate.client..", "io.spate.cli..")
                .check(CLASSES);
    }

    /**
     * MicroRaft is the metadata quorum's engine and stays behind {@code io.spate.cluster.raft}: the
     * rest of the node sees the quorum through Spate's own types, so the library can be upgraded
     * (or replaced) in one package.
     */
    @Test
    void onlyClusterRaftUsesMicroRaft() {
        noClasses().that().resideOutsideOfPackage("io.spate.cluster.raft..")
                .should().dependOnClassesThat().resideInAPackage("io.microraft..")
                .check(CLASSES);
    }

    /**
     * Every package of the tree, each on its own, is free of cycles, but for one edge by design:
     * the client's three entry points (SpateProducer, SpateConsumer, SpateAdmin) build and drive
     * the engines of {@code client.internal..}, and those engines produce and take the API's own
     * types (ProducerRecord, RecordMetadata, ConsumerRecord, the configs, the admin's
     * descriptions), which live in the same package {@code io.spate.client} so that a user imports
     * one package (Kafka's clients.producer and its internals are the same). Only the entry
     * points' dependencies on the internals are left out of the check; every other API type
     * stays below the internals, and the internal packages must form no cycle among themselves.
     */
    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.spate.(**)").should().beFreeOfCycles()
                .ignoreDependency(CLIENT_ENTRY_POINTS, resideInAPackage("io.spate.client.internal.."))
                .check(CLASSES);
    }

}
