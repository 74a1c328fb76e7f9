package dev.lunatik.cli;

import dev.lunatik.conformance.SuiteRunner;

/**
 * {@code lunatik conformance DIR [FILE...]}: runs an external test suite, see {@link SuiteRunner};
 * the stack limit is {@code --stack SLOTS}, else {@code LUNATIK_STACK} ({@link StackLimit}).
 */
final class ConformanceCommand {
    private ConformanceCommand() {}

    static int run(String[] args, Stdio io) {
        int stack;
        try {
            stack = StackLimit.fromEnv(io.env());
        } catch (IllegalArgumentException e) {
            io.err().println("conformance: " + e.getMessage());
            return 2;
        }
        return SuiteRunner.run(args, io.out(), io.err(), stack);
    }
}
