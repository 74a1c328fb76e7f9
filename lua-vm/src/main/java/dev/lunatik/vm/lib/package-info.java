/**
 * Standard libraries that belong to the VM core, kernel flavour: the base library
 * ({@link dev.lunatik.vm.lib.BaseLib}), {@code coroutine} ({@link dev.lunatik.vm.lib.CoroutineLib})
 * and {@code debug} ({@link dev.lunatik.vm.lib.DebugLib}, reached from outside the VM as
 * {@code LuaLibrary.debug()}); the string metatable (with its arithmetic coercion) belongs to the
 * string library in {@code stdlib}. Unlike the libraries outside the VM, which see their caller
 * through the public {@link dev.lunatik.vm.api.LuaStack}, these work on the interpreter's
 * {@link dev.lunatik.vm.interp.LuaThread} itself ({@link dev.lunatik.vm.interp.ThreadBody}):
 * they read frames, hooks and coroutine state no API exposes.
 */
package dev.lunatik.vm.lib;
