package dev.sjl.localcloud.gateway;

import java.util.Map;

/** The identity of the local API as it appears in events and ARNs. */
record ApiSettings(String apiId, String accountId, String region, String stage, Map<String, String> stageVariables) {

    static final String DEFAULT_STAGE = "$default";

    boolean isDefaultStage() {
        return DEFAULT_STAGE.equals(stage);
    }

    /** A Lambda authorizer's {@code routeArn}: arn:aws:execute-api:region:account:api/stage/METHOD/path. */
    String routeArn(String method, String pathBelowStage) {
        return "arn:aws:execute-api:" + region + ":" + accountId + ":" + apiId + "/" + stage + "/" + method
                + pathBelowStage;
    }
}
