package io.github.ecrconnect.ptc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The code shape of DESIGN.md, checked on the compiled classes (not just import lines). */
class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.github.ecrconnect.ptc");

  @Test
  void coreUsesNeitherKafkaNorAws() {
    noClasses()
        .that()
        .resideInAPackage("io.github.ecrconnect.ptc.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..", "software.amazon..", "org.slf4j..")
        .because("the core is pure Java, unit-tested without Kafka or AWS")
        .check(MAIN);
  }

  @Test
  void awsUsesNoKafka() {
    noClasses()
        .that()
        .resideInAPackage("io.github.ecrconnect.ptc.aws..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..", "io.github.ecrconnect.ptc.connect..")
        .because("the AWS adapter knows the core, not Connect")
        .check(MAIN);
  }

  @Test
  void coreDependsOnNoOtherLayer() {
    noClasses()
        .that()
        .resideInAPackage("io.github.ecrconnect.ptc.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.github.ecrconnect.ptc.aws..", "io.github.ecrconnect.ptc.connect..")
        .check(MAIN);
  }
}
