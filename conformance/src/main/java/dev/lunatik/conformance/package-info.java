/**
 * Conformance testing: runs Lua code against expectations and reports per file.
 *
 * <ul>
 *   <li>{@link dev.lunatik.conformance.IsolatedRun} runs one chunk in a fresh
 *       {@link dev.lunatik.vm.api.LuaState} on a worker thread, with {@code print}/{@code warn}
 *       captured and a time limit; both runners use it.
 *   <li>{@link dev.lunatik.conformance.SuiteRunner} runs an external suite folder (e.g. the
 *       official Lua 5.4 {@code testes/}, kept out of the repository) file by file and prints
 *       {@code PASS}/{@code FAIL}/{@code ERROR} lines and a summary.
 *   <li>The project's own corpus lives in {@code src/test/resources/corpus/<area>/<name>.lua},
 *       one behaviour per file, with {@code <name>.expected} (exact stdout) and/or
 *       {@code <name>.error} (first line of the uncaught error message, compiled with chunk name
 *       {@code "@<name>.lua"}, so positions read {@code <name>.lua:LINE:}). The test class
 *       {@code CorpusTest} turns every file into a dynamic JUnit test; see the corpus
 *       {@code README.md} for the rules.
 * </ul>
 */
package dev.lunatik.conformance;
