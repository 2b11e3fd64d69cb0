package dev.sjl.rds.network;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The network as lab 09 deploys it: {@link UsersNetworkStack}, CDK code, synthesized here offline (the construct
 * library runs in a local Node.js process) and held to the same promises as the hand-written template.
 * <p>
 * It runs beside the lab's other classes (junit-platform.properties): the synthesis waits on Node.js for seconds, and
 * the class shares nothing with the database tests. Its own tests take turns (the lock): the CDK's one Node.js
 * process answers one call at a time, and two syntheses at once corrupt its object references.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("jsii")
@Tag("task:4")
@DisplayName("Task 4: the CDK stack keeps the network's promises")
class NetworkStackTest {

    /**
     * The check first passes the hand-written template (as in ReachabilityTest), before it is trusted on a synthesized
     * one: an unfinished check fails here at once, not after a synthesis (about 15 s for the first in a JVM).
     */
    private static void checkWorksOnTheHandWrittenTemplate() {
        assertThat(ReachabilityTest.check(NetworkModel.template()))
                .as("the hand-written template keeps every promise (ReachabilityTest)").isEmpty();
    }

    // tag::cdk-test[]
    @Test
    @DisplayName("Finds the template synthesized from the CDK stack keeping every promise")
    void synthesizedStackKeepsEveryRule(@TempDir Path cdkOut) {
        checkWorksOnTheHandWrittenTemplate();
        JsonNode template = UsersNetworkStack.synthesize(cdkOut);

        List<Reachability.Violation> violations = Reachability.check(NetworkModel.parse(template),
                UsersNetworkStack.FUNCTION, UsersNetworkStack.DATABASE);

        assertThat(violations).as("promises that the synthesized UsersNetworkStack breaks (the stack, or the check, is "
                + "wrong): the check must read a CDK template as well as a hand-written one").isEmpty();
        List<String> alarms = new ArrayList<>();
        template.path("Resources").forEach(r -> {
            if ("AWS::CloudWatch::Alarm".equals(r.path("Type").asText())) {
                alarms.add(r.path("Properties").path("MetricName").asText());
            }
        });
        assertThat(alarms).as("the stack's alarms: connection exhaustion, pool waits, errors, p99 duration")
                .containsExactlyInAnyOrder("ConnectionTimeouts", "PoolWait", "Errors", "Duration");
    }
    // end::cdk-test[]

    @Test
    @DisplayName("Reports the CDK stack's function moved into public subnets")
    void synthesizedStackInPublicSubnets(@TempDir Path cdkOut) {
        checkWorksOnTheHandWrittenTemplate();
        JsonNode template = UsersNetworkStack.synthesize(cdkOut);
        com.fasterxml.jackson.databind.node.ObjectNode vpcConfig = (com.fasterxml.jackson.databind.node.ObjectNode)
                template.path("Resources").path(UsersNetworkStack.FUNCTION).path("Properties").path("VpcConfig");
        com.fasterxml.jackson.databind.node.ArrayNode subnets = vpcConfig.putArray("SubnetIds");
        template.path("Resources").fieldNames().forEachRemaining(id -> {
            if (id.startsWith("VpcPublicSubnet") && "AWS::EC2::Subnet".equals(template.path("Resources").path(id).path("Type").asText())) {
                subnets.addObject().put("Ref", id);
            }
        });

        List<Reachability.Violation> violations = Reachability.check(NetworkModel.parse(template),
                UsersNetworkStack.FUNCTION, UsersNetworkStack.DATABASE);

        assertThat(subnets).as("the synthesized stack has public subnets to move the function to").isNotEmpty();
        assertThat(violations).as("the function in the CDK stack's public subnets: report FUNCTION_IN_PRIVATE_SUBNETS "
                + "(and, on those route tables, no DynamoDB endpoint)").extracting(Reachability.Violation::rule)
                .contains(Reachability.Rule.FUNCTION_IN_PRIVATE_SUBNETS);
    }
}
