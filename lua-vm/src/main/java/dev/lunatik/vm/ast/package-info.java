/**
 * The abstract syntax tree of kernel Lua 5.4: {@link dev.lunatik.vm.ast.Expr} and
 * {@link dev.lunatik.vm.ast.Stat} node families built by the parser and consumed by the compiler.
 * Nodes are immutable records carrying source lines; they hold no resolution information (locals,
 * upvalues and globals are resolved by the compiler).
 */
package dev.lunatik.vm.ast;
