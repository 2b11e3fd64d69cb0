package dev.sjl.apigateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.sjl.http.HttpException;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Who called, as the gateway's JWT authorizer verified it. The function does not verify the token again (the
 * gateway did, before it was invoked), and it reads the caller from nowhere else: a header, the body or a path
 * parameter is whatever the client chose to send.
 */
public record Caller(String id, String email, List<String> groups, List<String> scopes) {

    public Caller {
        groups = List.copyOf(groups);
        scopes = List.copyOf(scopes);
    }

    // tag::caller[]
    /**
     * The caller from {@code requestContext.authorizer.jwt.claims}, the HTTP API (payload 2.0) shape. A REST API
     * (payload 1.0) puts a Cognito authorizer's claims in {@code requestContext.authorizer.claims} instead: that
     * shape never reaches this function, so it is not read.
     *
     * @throws HttpException 401 when the event carries no verified claims: the function was invoked some other way
     *                       than through the authorizer (a direct invoke, a route left without one)
     */
    public static Caller from(APIGatewayV2HTTPEvent event) {
        // BEGIN TASK 2
        APIGatewayV2HTTPEvent.RequestContext context = event == null ? null : event.getRequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = context == null ? null : context.getAuthorizer();
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = authorizer == null ? null : authorizer.getJwt();
        Map<String, String> claims = jwt == null ? null : jwt.getClaims();
        String subject = claims == null ? null : claims.get("sub");
        if (subject == null || subject.isBlank()) {
            throw HttpException.unauthorized("unauthorized",
                    "This function answers only requests verified by the API's authorizer.");
        }
        return new Caller(subject, claims.get("email"), list(claims.get("cognito:groups")),
                list(claims.get("scope")));
        // STARTER
        //| // TODO: read the claims the gateway verified (requestContext.authorizer.jwt.claims, payload 2.0), never a
        //| //  header or the body; no claims or no sub means the function was invoked without the authorizer: 401.
        //| throw new UnsupportedOperationException("Task 2: read the caller from the gateway's verified claims");
        // END TASK 2
    }
    // end::caller[]

    public boolean inGroup(String group) {
        return groups.contains(group);
    }

    /**
     * A claim as the HTTP API sends it: always a string. An array claim such as {@code cognito:groups} arrives as
     * {@code "[admin editors]"}, a space-separated scope as {@code "a b"}.
     */
    static List<String> list(String claim) {
        // BEGIN TASK 2
        if (claim == null) {
            return List.of();
        }
        String text = claim.strip();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        return Arrays.stream(text.split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
        // STARTER
        //| // TODO: "[admin editors]" (an array claim) and "a b" (a scope) are both lists of words; null is empty.
        //| throw new UnsupportedOperationException("Task 2: read a list claim");
        // END TASK 2
    }
}
