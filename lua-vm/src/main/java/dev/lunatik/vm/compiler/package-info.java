/**
 * The compiler from the AST ({@code dev.lunatik.vm.ast}) to register bytecode
 * ({@link dev.lunatik.vm.bytecode.Proto}). Entry point: {@link dev.lunatik.vm.compiler.Compiler#compile}.
 *
 * <p>The design follows the split of PUC Lua's {@code lparser}/{@code lcode}, written over our AST:
 * <ul>
 *   <li>{@code Compiler}: walks statements and expressions, resolves names (locals, upvalues,
 *       globals through {@code _ENV}), handles blocks, loops, {@code goto}/labels and
 *       multiple assignment;</li>
 *   <li>{@code CodeEmitter}: emits instructions, manages jump lists and registers and turns an
 *       {@code ExpDesc} (an expression whose value is not yet placed: constant, local, upvalue,
 *       indexed, relocatable instruction, open call/vararg, pending comparison with true/false
 *       jump lists) into a register or an RK operand; folds integer constants
 *       ({@code ConstFolder});</li>
 *   <li>{@code FuncState} / {@code BlockScope} / {@code VarDesc} / {@code LabelDesc}: the state
 *       of the function, block, local variable and label/goto being compiled.</li>
 * </ul>
 *
 * <p>Conventions the interpreter relies on: the main function is vararg with the single upvalue
 * {@code _ENV}; globals are GETTABUP/SETTABUP (or GETTABLE/SETTABLE when {@code _ENV} is a local)
 * with a constant string key; a block whose locals are captured or to-be-closed ends with CLOSE,
 * and {@code break}/{@code goto} leaving it is a JMP with {@code A = first register to close + 1};
 * RETURN and TAILCALL close the whole frame themselves, so no CLOSE precedes them; TAILCALL is
 * followed by an (unreachable) {@code RETURN A 0}, as in Lua 5.3. {@code <const>} locals with a
 * constant initializer have no register. Compile errors are {@link dev.lunatik.vm.value.LuaError}s
 * with the message {@code "<short source>:<line>: <message>"}.
 */
package dev.lunatik.vm.compiler;
