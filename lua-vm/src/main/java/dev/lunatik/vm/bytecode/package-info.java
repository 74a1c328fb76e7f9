/**
 * The bytecode: {@link dev.lunatik.vm.bytecode.OpCode} is the written specification of every
 * instruction (format and semantics); {@link dev.lunatik.vm.bytecode.Instruction} encodes and
 * decodes the 32-bit instruction words (Lua 5.3 layout: a 6-bit opcode, an 8-bit A, 9-bit B and C,
 * or an 18-bit Bx / signed sBx, or a 26-bit Ax; RK operands name a constant when bit 0x100 is
 * set); {@link dev.lunatik.vm.bytecode.Proto} is a compiled function with its constants, nested
 * prototypes, upvalue descriptors and debug information; and
 * {@link dev.lunatik.vm.bytecode.Disassembler} prints {@code luac -l}-style listings;
 * {@link dev.lunatik.vm.bytecode.BinaryChunk} writes and reads binary chunks
 * ({@code string.dump}, {@code load} of a chunk starting with ESC, {@code luac -o}) and verifies
 * loaded bytecode.
 *
 * <p>Binary chunks start like Lua 5.4's ({@code "\x1bLua"}, version 0x54) but carry format byte
 * {@code 'K'} (kernel, integer-only: no float size or float check) and their own instruction
 * encoding, so chunks written by the stock {@code luac}/{@code string.dump} cannot be loaded
 * (they fail with "bad binary format (format mismatch ...)"), nor can ours be loaded by stock
 * Lua.
 *
 * <p>Jump offsets (JMP, FORPREP, FORLOOP, TFORPREP, TFORLOOP) are relative to the instruction
 * after the jump.
 */
package dev.lunatik.vm.bytecode;
