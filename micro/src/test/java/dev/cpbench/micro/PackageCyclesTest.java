package dev.cpbench.micro;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** No package of the benchmarks and their tools depends, through any path, on a package that depends on it (ArchUnit). */
@Timeout(120)
class PackageCyclesTest {
    @Test
    void noPackageCycle() {
        slices().matching("dev.cpbench.(**)")
                .should()
                .beFreeOfCycles()
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.cpbench.micro"));
    }
}
