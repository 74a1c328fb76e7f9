package dev.lunatik.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of the build, checked on the compiled classes of every module (this module sees
 * them all): the VM below everything, the generic standard libraries on the VM alone, the
 * simulated kernel on the VM alone, Lunatik's libraries over both, and the commands on top.
 * A dependency pointing the wrong way, or a cycle between packages, fails the build.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.lunatik");
    }

    @Test
    void theVmDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("dev.lunatik.vm..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lunatik.stdlib..", "dev.lunatik.kernel..",
                        "dev.lunatik.cli..", "dev.lunatik.conformance..", "dev.lunatik.bench..")
                .check(classes);
    }

    @Test
    void theStandardLibrariesDependOnTheVmOnly() {
        noClasses().that().resideInAPackage("dev.lunatik.stdlib..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lunatik.kernel..", "dev.lunatik.cli..",
                        "dev.lunatik.conformance..", "dev.lunatik.bench..")
                .check(classes);
    }

    @Test
    void theSimulatedKernelDependsOnTheVmOnly() {
        noClasses().that().resideInAPackage("dev.lunatik.kernel")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lunatik.kernel.libs..", "dev.lunatik.stdlib..",
                        "dev.lunatik.cli..", "dev.lunatik.conformance..", "dev.lunatik.bench..")
                .check(classes);
    }

    @Test
    void lunatiksLibrariesDependOnNoCommand() {
        noClasses().that().resideInAPackage("dev.lunatik.kernel.libs..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lunatik.cli..", "dev.lunatik.conformance..",
                        "dev.lunatik.bench..")
                .check(classes);
    }

    @Test
    void librariesSeeTheVmThroughItsApiOnly() {
        noClasses().that().resideInAnyPackage("dev.lunatik.stdlib..", "dev.lunatik.kernel..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lunatik.vm.interp..", "dev.lunatik.vm.lib..",
                        "dev.lunatik.vm.compiler..", "dev.lunatik.vm.parser..", "dev.lunatik.vm.gc..",
                        "dev.lunatik.vm.bytecode..", "dev.lunatik.vm.ast..")
                .check(classes);
    }

    @Test
    void theCompilersFrontEndKnowsNothingOfTheRuntime() {
        noClasses().that().resideInAnyPackage("dev.lunatik.vm.ast..", "dev.lunatik.vm.parser..",
                        "dev.lunatik.vm.compiler..", "dev.lunatik.vm.bytecode..", "dev.lunatik.vm.value..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lunatik.vm.api..", "dev.lunatik.vm.interp..",
                        "dev.lunatik.vm.gc..", "dev.lunatik.vm.lib..")
                .check(classes);
    }

    /**
     * Every package is a slice of its own, except the VM's runtime: the API, the interpreter that
     * implements it, the collector that traces the interpreter's frames and the libraries the
     * API opens are one unit that refers to itself by design.
     */
    @Test
    void packagesFormNoCycle() {
        SliceAssignment packagesWithTheVmRuntimeAsOne = new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String p = c.getPackageName();
                if (!p.startsWith("dev.lunatik.")) return SliceIdentifier.ignore();
                for (String runtime : List.of("api", "interp", "gc", "lib")) {
                    if (p.equals("dev.lunatik.vm." + runtime)) return SliceIdentifier.of("vm runtime");
                }
                return SliceIdentifier.of(p);
            }

            @Override
            public String getDescription() {
                return "packages, with the VM's api/interp/gc/lib as one";
            }
        };
        slices().assignedFrom(packagesWithTheVmRuntimeAsOne).should().beFreeOfCycles().check(classes);
    }
}
