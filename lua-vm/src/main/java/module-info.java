/**
 * The Lua 5.4 virtual machine, kernel flavour: parser, compiler, interpreter, values, collector
 * and the base, coroutine and debug libraries.
 *
 * <p>An embedder uses two packages: {@link dev.lunatik.vm.api} (start at
 * {@link dev.lunatik.vm.api.LuaState}; a Java function sees a {@link dev.lunatik.vm.api.LuaStack})
 * and {@link dev.lunatik.vm.value} (the Lua values). The standard libraries beyond the VM's own
 * are in module {@code dev.lunatik.stdlib}. Everything else is internal: the compiler's packages
 * are open only to the project's own tools ({@code luac}, the bytecode corpus).
 */
@SuppressWarnings("module") // the qualified exports name modules built after this one
module dev.lunatik.vm {
    requires org.antlr.antlr4.runtime;
    requires org.objectweb.asm;

    exports dev.lunatik.vm.api;
    exports dev.lunatik.vm.value;

    exports dev.lunatik.vm.ast to dev.lunatik.cli;
    exports dev.lunatik.vm.bytecode to dev.lunatik.cli, dev.lunatik.conformance;
    exports dev.lunatik.vm.compiler to dev.lunatik.cli, dev.lunatik.conformance;
    exports dev.lunatik.vm.parser to dev.lunatik.cli, dev.lunatik.conformance;
}
