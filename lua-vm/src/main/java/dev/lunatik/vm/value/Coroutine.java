package dev.lunatik.vm.value;

/** A coroutine value (Lua type "thread"); implemented by the interpreter's thread class. */
public interface Coroutine {
    /** Its Lua status: "running", "suspended", "normal" or "dead" (as {@code coroutine.status} says from its own thread). */
    String statusName();
}
