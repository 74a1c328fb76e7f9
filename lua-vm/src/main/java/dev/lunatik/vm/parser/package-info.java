/**
 * The kernel-Lua 5.4 front end: an ANTLR 4 grammar ({@code Lua.g4}, generated {@code LuaLexer}
 * and {@code LuaParser}) plus {@link dev.lunatik.vm.parser.Parser}, which runs it and builds the
 * {@link dev.lunatik.vm.ast} tree. Literal decoding, Lua-worded syntax errors (thrown as
 * {@link dev.lunatik.vm.value.LuaError}) and the nesting limit live here too.
 */
package dev.lunatik.vm.parser;
