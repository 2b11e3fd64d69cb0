package dev.sjl.docs;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One kind of table the handbook generates from the references: which public static member of a class holds the
 * rows, and how to title it. The rows are any {@code List} of records; the columns are the record's components,
 * in declaration order, so a lab adds a table by exposing a member, not by editing a renderer.
 *
 * @param key         file name of the generated table, {@code generated/labs/NN-topic/<key>.adoc}
 * @param title       the table's title, followed by the declaring class's simple name
 * @param member      the member's name: a field, or a no-argument method when {@code method} is true
 * @param method      whether {@code member} is a static no-argument method rather than a static field
 * @param headers     column headers for components whose name does not read well as one
 * @param codeColumns components shown in monospace (names, paths, ARNs)
 * @param cols        AsciiDoc column widths, e.g. {@code "2,1,1,5"}, or empty for equal widths
 */
record TableSpec(String key, String title, String member, boolean method, Map<String, String> headers,
                 Set<String> codeColumns, String cols) {

    /**
     * The tables the handbook knows. {@code routes} and {@code environment} are the shared contracts every lab
     * follows; the others are ready for the labs that will need them (06 DynamoDB/S3, 07 SNS/SQS, 09 capstone):
     * the first reference that declares the member gets the table, without a change here.
     */
    static final List<TableSpec> ALL = List.of(
            new TableSpec("routes", "HTTP routes", "routeTable", true,
                    Map.of(), Set.of("method", "path"), "1,3,2"),
            new TableSpec("environment", "Environment variables", "ENVIRONMENT", false,
                    Map.of("name", "Variable"), Set.of("name"), "3,1,1,7"),
            new TableSpec("iam", "IAM permissions", "IAM_PERMISSIONS", false,
                    Map.of(), Set.of("action", "actions", "resource", "resources"), ""),
            new TableSpec("dynamodb", "DynamoDB keys and indexes", "DYNAMODB_SCHEMA", false,
                    Map.of(), Set.of("table", "index", "partitionKey", "sortKey"), ""),
            new TableSpec("messaging", "Topics and queues", "MESSAGING", false,
                    Map.of(), Set.of("topic", "queue", "source", "target", "deadLetterQueue"), ""));
}
