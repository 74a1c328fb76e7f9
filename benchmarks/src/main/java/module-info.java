/**
 * JMH benchmarks and the side-by-side harness against lua5.4, LuaJ and LuaJIT. Open, because JMH
 * instantiates the benchmark classes and the code it generates for them reflectively. LuaJ's jar
 * has classes in the unnamed package, so it cannot be a module: it stays on the class path, which
 * this module reads ({@code --add-reads}, see the pom).
 */
open module dev.lunatik.bench {
    requires dev.lunatik.kernel;
    requires dev.lunatik.cli;
    requires jmh.core;
}
