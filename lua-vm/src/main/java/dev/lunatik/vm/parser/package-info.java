/**
 * The kernel-Lua 5.4 front end: an ANTLR 4 grammar ({@code Lua.g4}, generated {@code LuaLexer}
 * and {@code LuaParser}) plus {@link dev.lunatik.vm.parser.Parser}, which runs it and builds the
 * {@code dev.lunatik.vm.ast} tree. For a fast start on a cold JVM, tokens come from the
 * hand-written {@code LuaTokenSource} (tested token for token against the grammar's lexer rules,
 * which stay the specification), and the parser rules are LL(1), so ANTLR never needs adaptive
 * prediction. Literal decoding, Lua-worded syntax errors (thrown as
 * {@link dev.lunatik.vm.value.LuaError}) and the nesting limit live here too.
 */
package dev.lunatik.vm.parser;
