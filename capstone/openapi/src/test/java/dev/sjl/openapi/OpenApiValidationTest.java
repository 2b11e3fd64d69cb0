package dev.sjl.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The document read by the swagger project's parser, which knows OpenAPI 3.1: not by the code that wrote it. */
class OpenApiValidationTest {

    private static SwaggerParseResult parse(String json) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        return new io.swagger.v3.parser.OpenAPIV3Parser().readContents(json, null, options);
    }

    @Test
    @DisplayName("Is a valid OpenAPI 3.1 document with every reference resolved")
    void parserFindsNoProblem() {
        SwaggerParseResult result = parse(SystemDefinition.json());

        assertThat(result.getMessages()).as("swagger-parser's messages").isEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api.getSpecVersion()).isEqualTo(SpecVersion.V31);
        assertThat(api.getPaths()).containsKeys("/signup", "/users/me", "/internal/users/{id}", "/users/me/avatar");
        assertThat(api.getComponents().getSecuritySchemes()).containsKeys("cognito", "api-key");
    }

    @Test
    @DisplayName("Catches a broken document (the check is not blind)")
    void parserReportsABrokenReference() {
        String broken = SystemDefinition.json().replace("#/components/schemas/Credentials",
                "#/components/schemas/NoSuchBody");

        assertThat(parse(broken).getMessages()).as("A reference to a schema that does not exist")
                .anyMatch(message -> message.contains("NoSuchBody"));
    }
}
