package dev.sjl.docs;

import java.util.Map;
import java.util.Set;

/**
 * The table of what the local cloud runs (service, emulator, {@code kit cloud} endpoint, a first command), read from
 * {@code dev.sjl.localcloud.Service.table()}: the same method behind the ports {@code kit cloud up} prints, so the
 * handbook cannot list a port or a service the local cloud does not have.
 */
final class LocalCloudTable {
    static final String SERVICE = "dev.sjl.localcloud.Service";
    static final TableSpec SPEC = new TableSpec("local-cloud", "Local cloud services", "table", true,
            Map.of("tryIt", "Try it"), Set.of("service", "endpoint", "tryIt"), "2,2,3,5");

    private LocalCloudTable() {
    }

    /** The rendered table; fails with the fix when localcloud-junit is missing from the handbook's classpath. */
    static String read(ClassLoader loader) {
        Class<?> service;
        try {
            service = Class.forName(SERVICE, true, loader);
        } catch (ClassNotFoundException e) {
            throw new HandbookException(SERVICE + " is not on the handbook's classpath: docs/pom.xml must depend on dev.sjl:localcloud-junit", e);
        }
        return Chapters.table(CodeTables.read(SPEC, "", service));
    }
}
