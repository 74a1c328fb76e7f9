package dev.lunatik.vm.value;

/** Marker for coroutine values (type "thread"); implemented by the interpreter's thread class. */
public interface Coroutine {}
