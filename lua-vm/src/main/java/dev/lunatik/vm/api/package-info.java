/**
 * The embedding API: {@link dev.lunatik.vm.api.LuaState}, built with a builder, loads chunks,
 * calls Lua from Java and Java from Lua, and reports every script error as one unchecked
 * {@link dev.lunatik.vm.value.LuaError} carrying the Lua value and traceback. A Java function
 * ({@link dev.lunatik.vm.api.JavaFunction}) sees its caller through a
 * {@link dev.lunatik.vm.api.LuaStack}: arguments, results, checks and calls, the counterpart of
 * {@code lua.h} and {@code lauxlib.h}. The standard libraries beyond the VM's own are listed by
 * {@code dev.lunatik.stdlib.StandardLibraries} in module {@code dev.lunatik.stdlib}.
 */
package dev.lunatik.vm.api;
