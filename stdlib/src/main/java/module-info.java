/**
 * The Lua standard libraries beyond the VM's own, kernel flavour ({@code package}, {@code string},
 * {@code table}, {@code math}, {@code utf8}, and the host-only {@code io} and {@code os}), written
 * against the VM's public API alone; {@link dev.lunatik.stdlib.StandardLibraries} lists them.
 */
module dev.lunatik.stdlib {
    requires transitive dev.lunatik.vm;
    requires java.management;
    requires jdk.management;

    exports dev.lunatik.stdlib;
}
