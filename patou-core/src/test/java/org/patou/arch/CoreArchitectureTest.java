package org.patou.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * patou-core runs unchanged inside Flink: it parses what it is handed but never opens files or
 * sockets, never starts threads or processes, and knows nothing of the application.
 */
@AnalyzeClasses(
    packages = {"org.patou.event", "org.patou.sigma", "org.patou.correlation"},
    importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {

  @ArchTest
  static final ArchRule noFiles =
      noClasses()
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("java.io.File")
          .orShould()
          .dependOnClassesThat()
          .haveNameMatching("java\\.io\\.(File|Random).*")
          .orShould()
          .dependOnClassesThat()
          .resideInAnyPackage("java.nio.file..", "java.nio.channels..")
          .because("core parses what it is handed; callers open files");

  @ArchTest
  static final ArchRule noNetwork =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("java.net..", "javax.net..", "java.net.http..")
          .because("core never opens sockets");

  @ArchTest
  static final ArchRule noThreads =
      noClasses()
          .should()
          .dependOnClassesThat()
          .haveNameMatching(
              "java\\.lang\\.(Thread|ProcessBuilder|Runtime)|java\\.util\\.Timer|"
                  + "java\\.util\\.concurrent\\.(Executor.*|ForkJoin.*|ScheduledExecutor.*|CompletableFuture)")
          .because("the caller owns threads: in the app a runtime package, in Flink the task slots");

  @ArchTest
  static final ArchRule noAppPackages =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.patou.cli..", "org.patou.hunt..", "org.patou.server..", "org.patou.acquire..",
              "org.patou.store..", "org.patou.decide..", "org.patou.respond..", "org.patou.evtx..",
              "org.patou.inventory..", "org.patou.runtime..")
          .because("data flows one way: the app depends on core, never the reverse");

  @ArchTest
  static final ArchRule noJavaRegex =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("java.util.regex..")
          .because("rule regexes must run in linear time: RE2J only");
}
