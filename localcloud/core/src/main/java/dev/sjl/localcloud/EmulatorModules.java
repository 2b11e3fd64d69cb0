package dev.sjl.localcloud;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The {@link EmulatorModule}s on the classpath, looked up once. */
final class EmulatorModules {
    /** Which module serves which pluggable service, for the error that names a missing one. */
    static final Map<Service, String> ARTIFACTS = Map.of(Service.S3, "localcloud-s3", Service.POSTGRES, "localcloud-postgres");
    private static final Map<Service, EmulatorModule> FOUND = discover();

    private EmulatorModules() {
    }

    private static Map<Service, EmulatorModule> discover() {
        Map<Service, EmulatorModule> found = new EnumMap<>(Service.class);
        for (EmulatorModule module : ServiceLoader.load(EmulatorModule.class, EmulatorModules.class.getClassLoader())) {
            found.putIfAbsent(module.service(), module);
        }
        return found;
    }

    /** Whether {@code service} is served by a module of its own rather than by localcloud-core. */
    static boolean pluggable(Service service) {
        return ARTIFACTS.containsKey(service);
    }

    static Optional<EmulatorModule> find(Service service) {
        return Optional.ofNullable(FOUND.get(service));
    }

    /** The module for {@code service}, or an error naming the dependency a pom.xml must add. */
    static EmulatorModule require(Service service) {
        EmulatorModule module = FOUND.get(service);
        if (module == null) {
            throw new MissingModuleException(service, ARTIFACTS.get(service));
        }
        return module;
    }

    /** For {@code kit cloud status}: a pluggable module's own probe, else "the port is open". */
    static boolean answers(Service service, URI endpoint) {
        return find(service).map(m -> m.answers(endpoint)).orElseGet(() -> Ports.inUse(endpoint.getPort()));
    }
}
