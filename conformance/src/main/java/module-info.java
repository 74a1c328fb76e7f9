/** The conformance runner: external suites one file per fresh state, and the project's own corpus. */
module dev.lunatik.conformance {
    requires transitive dev.lunatik.kernel;

    exports dev.lunatik.conformance;
}
