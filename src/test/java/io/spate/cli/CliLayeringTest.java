package io.spate.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The CLI is a client like any other: of Spate it uses the client, protocol and record packages only. */
class CliLayeringTest {
    private static final JavaClasses CLI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.spate.cli");

    @Test
    void cliUsesOnlyClientProtocolAndRecord() {
        noClasses().that().resideInAPackage("io.spate.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("io.spate.log..", "io.spate.broker..",
                        "io.spate.cluster..", "io.spate.replication..", "io.spate.group..", "io.spate.testing..")
                .check(CLI);
    }
}
