/**
 * The embedding API: {@link dev.lunatik.vm.api.LuaState}, built with a builder, loads chunks,
 * calls Lua from Java and Java from Lua, and reports every script error as one unchecked
 * {@link dev.lunatik.vm.value.LuaError} carrying the Lua value and traceback.
 */
package dev.lunatik.vm.api;
