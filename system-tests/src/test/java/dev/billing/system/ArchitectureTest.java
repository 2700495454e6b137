package dev.billing.system;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Services share only shared-events and service-support; contracts stay free of Spring. */
class ArchitectureTest {
    private static final List<String> SERVICES = List.of("billing", "invoice", "reminder", "payment", "notification", "dispute",
            "reporting");
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.billing");
    }

    static List<String> services() {
        return SERVICES;
    }

    @ParameterizedTest
    @MethodSource("services")
    void serviceDoesNotImportAnotherService(String service) {
        String[] others = SERVICES.stream().filter(s -> !s.equals(service)).map(s -> "dev.billing." + s + "..")
                .toArray(String[]::new);
        noClasses().that().resideInAPackage("dev.billing." + service + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("services talk only through Kafka events")
                .check(classes);
    }

    @Test
    void sharedPlumbingKnowsNoService() {
        String[] services = SERVICES.stream().map(s -> "dev.billing." + s + "..").toArray(String[]::new);
        noClasses().that().resideInAnyPackage("dev.billing.support..", "dev.billing.events..", "dev.billing.gateway..")
                .should().dependOnClassesThat().resideInAnyPackage(services)
                .check(classes);
    }

    @Test
    void eventContractsNeedNoSpringAndNoJackson() {
        noClasses().that().resideInAPackage("dev.billing.events..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "tools.jackson..",
                        "com.fasterxml..", "dev.billing.support..")
                .because("outside systems use shared-events without our runtime")
                .check(classes);
    }
}
