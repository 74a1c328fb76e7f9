package dev.lunatik.cli;

import dev.lunatik.conformance.SuiteRunner;

/** {@code lunatik conformance DIR [FILE...]}: runs an external test suite, see {@link SuiteRunner}. */
final class ConformanceCommand {
    private ConformanceCommand() {}

    static int run(String[] args, Stdio io) {
        return SuiteRunner.run(args, io.out(), io.err());
    }
}
