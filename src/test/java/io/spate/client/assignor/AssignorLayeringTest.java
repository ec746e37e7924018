package io.spate.client.assignor;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.spate.protocol.TopicPartition;
import org.junit.jupiter.api.Test;

/** The assignors are pure functions over the JDK: only TopicPartition comes from the rest of Spate. */
class AssignorLayeringTest {
    @Test
    void assignorsDependOnlyOnTheJdkAndTopicPartition() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.spate.client.assignor");
        classes().that().resideInAPackage("io.spate.client.assignor")
                .should().onlyDependOnClassesThat(resideInAnyPackage("java..", "io.spate.client.assignor")
                        .or(equivalentTo(TopicPartition.class)))
                .check(classes);
    }
}
