package dev.sjl.localcloud.gateway;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * A function the gateway invokes the way Lambda's Invoke API does: a JSON payload in, a JSON payload out. Both
 * integrations and Lambda authorizers are functions; in-process handlers and out-of-process runtimes look the same.
 */
interface LambdaFunction {

    String name();

    String invoke(String payload, Context context) throws Exception;
}
