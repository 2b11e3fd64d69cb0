package dev.sjl.kit.rehearse;

/**
 * Where in the code a question's answer lives: a file relative to the repository root and the name of an
 * AsciiDoc tagged region ({@code // tag::name[]} ... {@code // end::name[]}) inside it.
 *
 * @param file repository-relative path with forward slashes, e.g.
 *             {@code solutions/03-jwt/src/main/java/dev/sjl/jwt/JwtVerifier.java}
 * @param tag  the region's name, e.g. {@code verify-jwt}
 */
public record CodeRef(String file, String tag) {
}
