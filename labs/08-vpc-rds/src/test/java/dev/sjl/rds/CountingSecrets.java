package dev.sjl.rds;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/** The real Secrets Manager client, counting GetSecretValue calls: how a test sees a cache, or its absence. */
final class CountingSecrets {

    final AtomicInteger reads = new AtomicInteger();
    final SecretsManagerClient client;

    CountingSecrets(SecretsManagerClient real) {
        this.client = (SecretsManagerClient) Proxy.newProxyInstance(SecretsManagerClient.class.getClassLoader(),
                new Class<?>[] {SecretsManagerClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getSecretValue")) {
                        reads.incrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
