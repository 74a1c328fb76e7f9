/**
 * The Lua standard libraries beyond the VM core, kernel flavour (integer-only): {@code package}
 * ({@code require}), {@code string}, {@code table}, {@code math}, {@code utf8}, plus the host-only
 * {@code io} and {@code os} modules that a standalone script may {@code require} but a kernel
 * runtime never gets. Each library is one class exposing a {@link dev.lunatik.vm.api.LuaLibrary}
 * constant and registered through the public API ({@link StandardLibraries}); every argument is
 * checked through the calling thread's {@code check*} helpers so errors read
 * as Lua's ({@code bad argument #1 to 'rep' (number expected, got nil)}).
 */
package dev.lunatik.stdlib;
