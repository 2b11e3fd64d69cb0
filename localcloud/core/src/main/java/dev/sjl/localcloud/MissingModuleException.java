package dev.sjl.localcloud;

/** A service was asked for whose emulator module is not on the classpath; the message says what to add. */
public final class MissingModuleException extends EmulatorStartException {
    private static final long serialVersionUID = 1L;

    private final String artifactId;

    MissingModuleException(Service service, String artifactId) {
        super("Service." + service + " needs the module dev.sjl:" + artifactId + ", which is not on this classpath; add to the pom.xml: "
                + "<dependency><groupId>dev.sjl</groupId><artifactId>" + artifactId
                + "</artifactId><version>${project.version}</version><scope>test</scope></dependency>");
        this.artifactId = artifactId;
    }

    /** The missing module's artifactId, e.g. {@code localcloud-s3}. */
    public String artifactId() {
        return artifactId;
    }
}
