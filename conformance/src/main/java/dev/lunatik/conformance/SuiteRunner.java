package dev.lunatik.conformance;

import java.io.PrintStream;

/**
 * Runs an external suite folder (e.g. the official Lua 5.4 tests) one file at a time, each in a
 * fresh state with a timeout. STUB: in progress.
 */
public final class SuiteRunner {
    private SuiteRunner() {}

    /**
     * {@code args}: {@code DIR [FILE...]} plus options. Prints one line per file
     * ({@code PASS|FAIL|ERROR name first-error-line}) and a closing line
     * {@code N passed, M failed}. Returns the process exit status.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        err.println("conformance runner not implemented yet");
        return 2;
    }
}
