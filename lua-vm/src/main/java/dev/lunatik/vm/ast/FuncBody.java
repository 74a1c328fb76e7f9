package dev.lunatik.vm.ast;

import java.util.List;

/**
 * Parameters and body of a function. {@code line} is the line of the {@code function} keyword
 * (Lua's {@code linedefined}); {@code endLine} the line of its {@code end} ({@code lastlinedefined}).
 */
public record FuncBody(int line, int endLine, List<String> params, boolean isVararg, Block block) {}
