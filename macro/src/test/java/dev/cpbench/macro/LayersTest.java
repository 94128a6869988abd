package dev.cpbench.macro;

import static com.tngtech.archunit.base.DescribedPredicate.and;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The macro's layers, checked on the compiled classes (ArchUnit): the CLI on top ({@code dev.cpbench.macro}, which
 * nothing else imports), the shared helpers at the bottom ({@code macro.common}, which imports no other macro
 * package), and no package cycle in the macro or in the fixtures it runs.
 */
@Timeout(120)
class LayersTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.cpbench.macro", "dev.cpbench.fixtures");

    @Test
    void noPackageCycle() {
        slices().matching("dev.cpbench.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void nothingImportsTheCli() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.cpbench.macro")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.cpbench.macro")
                .check(CLASSES);
    }

    @Test
    void theSharedHelpersImportNoOtherMacroPackage() {
        noClasses()
                .that()
                .resideInAPackage("dev.cpbench.macro.common")
                .should()
                .dependOnClassesThat(and(
                        resideInAPackage("dev.cpbench.macro.."), resideOutsideOfPackage("dev.cpbench.macro.common")))
                .check(CLASSES);
    }
}
