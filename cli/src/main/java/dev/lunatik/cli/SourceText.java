package dev.lunatik.cli;

/** Messages about source files that the VM's loader ({@code Loader.fileText}) does not cover. */
final class SourceText {
    private SourceText() {}

    /** The message for a precompiled chunk, which this implementation cannot load yet. */
    static String binaryNotSupported(String fileName) {
        return "cannot load " + fileName + ": binary chunks are not supported";
    }
}
