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
 * <p>Binary chunks start with the header kernel Lua writes, byte for byte ({@code "\x1bLua"},
 * version 0x54, format 0, the official data and sizes, the test integer 0x5678 and the test
 * "float" 370, kernel Lua's integer {@code lua_Number}), then a marker of our own instruction
 * encoding. Chunks of stock Lua fail the float check ("bad binary format (float format
 * mismatch)"), chunks of kernel Lua the marker; neither Lua can load ours.
 *
 * <p>Jump offsets (JMP, FORPREP, FORLOOP, TFORPREP, TFORLOOP) are relative to the instruction
 * after the jump.
 */
package dev.lunatik.vm.bytecode;
