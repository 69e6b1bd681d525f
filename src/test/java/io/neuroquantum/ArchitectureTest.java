package io.neuroquantum;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The annealing library is plain Java: usable without a server, testable without Vert.x. */
@AnalyzeClasses(packages = "io.neuroquantum", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule annealing_library_does_not_use_vertx = noClasses()
      .that().resideInAPackage("io.neuroquantum.annealing..")
      .should().dependOnClassesThat().resideInAPackage("io.vertx..")
      .because("the annealing library must stay free of Vert.x (blueprint §2)");

  @ArchTest
  static final ArchRule annealing_library_does_not_reach_into_the_server_or_cli = noClasses()
      .that().resideInAPackage("io.neuroquantum.annealing..")
      .should().dependOnClassesThat().resideInAnyPackage("io.neuroquantum.server..", "io.neuroquantum.cli..");
}
