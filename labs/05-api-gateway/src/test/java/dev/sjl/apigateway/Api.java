package dev.sjl.apigateway;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

final class Api {

    private Api() {
    }

    /** A JWT's payload, unverified: only to compare with what the API answered. */
    static JsonNode claims(String jwt) {
        try {
            return Served.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
