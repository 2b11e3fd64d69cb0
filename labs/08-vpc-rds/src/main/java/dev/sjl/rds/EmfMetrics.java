package dev.sjl.rds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The function's metrics as CloudWatch Embedded Metric Format: JSON log lines that CloudWatch Logs turns into metrics
 * on its own, with no PutMetricData call (no API latency in the request, no throttling, no extra IAM action, nothing
 * lost when the container freezes). The values of one invocation are collected here and written as one line when it
 * ends; Lambda runs one request at a time per container, so "since the last flush" is "this invocation".
 *
 * <p>The format (CloudWatch's EMF specification): a top-level {@code _aws} object with {@code Timestamp} in epoch
 * milliseconds and {@code CloudWatchMetrics}, a list of directives naming the {@code Namespace}, the dimension sets
 * and each metric's {@code Name} and {@code Unit}; the dimension values and the metric values are top-level members
 * of the same object, a metric's value a number or an array of at most 100 numbers.
 */
public final class EmfMetrics {

    public static final String NAMESPACE = "UsersService";
    /** One dimension, with a value per service: per-request values (user, request id) would be a metric each. */
    public static final String SERVICE_DIMENSION = "Service";
    public static final String SERVICE = "users";
    /** How long a request held the pooled connection: its queries and their round trips. */
    public static final String QUERY_TIME = "QueryTime";
    /** How long a request waited for the pooled connection. */
    public static final String POOL_WAIT = "PoolWait";
    /** Requests that gave up waiting for a connection: the pool, or the database, is exhausted. */
    public static final String CONNECTION_TIMEOUTS = "ConnectionTimeouts";
    /** The most values of one metric in one document. */
    public static final int MAX_VALUES = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The units this service uses, spelled as CloudWatch spells them. */
    public enum Unit {
        MILLISECONDS("Milliseconds"), COUNT("Count");

        final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }
    }

    private record Series(Unit unit, List<Double> values) {
    }

    private final Map<String, Series> recorded = new LinkedHashMap<>();

    /** Adds one value; the first value of a metric fixes its unit. */
    public synchronized void record(String metric, Unit unit, double value) {
        recorded.computeIfAbsent(metric, name -> new Series(unit, new ArrayList<>())).values().add(value);
    }

    /**
     * The EMF lines of everything recorded since the last flush, then forgets it.
     *
     * @param properties searchable context for the same line (request id, status): never a metric's name, never a
     *                   secret or a client's data
     */
    public synchronized List<String> flush(Instant timestamp, Map<String, Object> properties) {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        Map<String, Unit> units = new LinkedHashMap<>();
        recorded.forEach((name, series) -> {
            values.put(name, series.values());
            units.put(name, series.unit());
        });
        recorded.clear();
        return documents(timestamp, units, values, properties);
    }

    // tag::emf-document[]
    /**
     * The EMF documents (one JSON object each, one line each) for these metrics. A metric with more than
     * {@link #MAX_VALUES} values continues in the next document; a value that is not a finite number is not written
     * (JSON has no NaN, and CloudWatch drops a line it cannot parse, with every metric in it).
     */
    static List<String> documents(Instant timestamp, Map<String, Unit> units, Map<String, List<Double>> values,
                                  Map<String, Object> properties) {
        // TODO: one JSON object per line: "_aws": {"Timestamp": epoch MILLISECONDS, "CloudWatchMetrics": [{"Namespace":
        //  NAMESPACE, "Dimensions": [[SERVICE_DIMENSION]], "Metrics": [{"Name": ..., "Unit": unit.cloudWatchName}, ...]}]};
        //  then, at the TOP level of the same object (not inside _aws): SERVICE_DIMENSION = SERVICE, the properties, and
        //  each metric's values as an array of numbers. At most MAX_VALUES values of a metric per document (the rest go
        //  in the next); drop NaN and infinities; no document when nothing is left.
        throw new UnsupportedOperationException("Task 5: write the metrics as EMF documents");
    }
    // end::emf-document[]

    private static String write(ObjectNode document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
