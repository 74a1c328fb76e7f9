/**
 * Standard libraries that belong to the VM core, kernel flavour: the base library
 * ({@link dev.lunatik.vm.lib.BaseLib}) and {@code coroutine} ({@link dev.lunatik.vm.lib.CoroutineLib});
 * the string metatable (with its arithmetic coercion) belongs to the string library in
 * {@code stdlib}. Each
 * library is one class registering {@link dev.lunatik.vm.value.JavaFunction}s through the public
 * API; argument errors go through {@link dev.lunatik.vm.interp.LuaThread}'s checkers so they are
 * worded as Lua's.
 */
package dev.lunatik.vm.lib;
