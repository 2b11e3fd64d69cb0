package dev.sjl.rds.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sjl.rds.network.Reachability.Rule;
import dev.sjl.rds.network.Reachability.Violation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reachability check on the lab's template, and on copies of it that each break one promise the way a hurried
 * change would. The check must name exactly the promise that broke.
 */
@Tag("task:4")
@DisplayName("Task 4: the network's promises, checked on the template")
class ReachabilityTest {

    static List<Violation> check(JsonNode template) {
        return Reachability.check(NetworkModel.parse(template), "UsersFunction", "Database");
    }

    /** The lab's template with one change, checked. */
    private static List<Violation> checkChanged(Consumer<ObjectNode> change) {
        ObjectNode template = (ObjectNode) NetworkModel.template();
        change.accept((ObjectNode) template.path("Resources"));
        return check(template);
    }

    private static ObjectNode properties(ObjectNode resources, String id) {
        return (ObjectNode) resources.path(id).path("Properties");
    }

    private static ArrayNode refs(ObjectNode resources, String... ids) {
        ArrayNode list = resources.arrayNode();
        for (String id : ids) {
            list.addObject().put("Ref", id);
        }
        return list;
    }

    private static void assertReports(List<Violation> violations, String change, Rule... rules) {
        assertThat(violations).as("the check on the template where %s must report %s, naming it; it reported %s",
                change, List.of(rules), violations).extracting(Violation::rule).containsOnly(rules);
        assertThat(violations).as("the check must report %s", List.of(rules)).isNotEmpty();
    }

    // tag::shipped-template[]
    @Test
    @DisplayName("Finds the lab's template keeping every promise")
    void shippedTemplateKeepsEveryRule() {
        List<Violation> violations = check(NetworkModel.template());

        assertThat(violations).as("promises that %s breaks (the template, or the check, is wrong)",
                NetworkModel.TEMPLATE).isEmpty();
    }
    // end::shipped-template[]

    @Test
    @DisplayName("Reports a database security group open to 0.0.0.0/0 or ::/0")
    void databaseOpenToTheWorld() {
        List<Violation> ipv4 = checkChanged(r -> ((ArrayNode) properties(r, "DatabaseSecurityGroup")
                .withArray("SecurityGroupIngress")).addObject().put("IpProtocol", "tcp").put("FromPort", 5432)
                .put("ToPort", 5432).put("CidrIp", "0.0.0.0/0"));
        List<Violation> ipv6 = checkChanged(r -> ((ArrayNode) properties(r, "DatabaseSecurityGroup")
                .withArray("SecurityGroupIngress")).addObject().put("IpProtocol", "-1").put("CidrIpv6", "::/0"));

        assertReports(ipv4, "the database's security group admits 0.0.0.0/0 on 5432", Rule.INTERNET_NEVER_REACHES_DATABASE);
        assertReports(ipv6, "the database's security group admits ::/0", Rule.INTERNET_NEVER_REACHES_DATABASE);
    }

    @Test
    @DisplayName("Reports a database in public subnets, or publicly accessible")
    void databaseOnTheInternet() {
        List<Violation> publicSubnets = checkChanged(r -> properties(r, "DatabaseSubnetGroup")
                .set("SubnetIds", refs(r, "PublicSubnetA", "PublicSubnetB")));
        List<Violation> publiclyAccessible = checkChanged(r -> properties(r, "Database").put("PubliclyAccessible", true));

        assertReports(publicSubnets, "the database's subnet group holds the public subnets (a route to the internet "
                + "gateway)", Rule.INTERNET_NEVER_REACHES_DATABASE);
        assertReports(publiclyAccessible, "the database is PubliclyAccessible", Rule.INTERNET_NEVER_REACHES_DATABASE);
    }

    @Test
    @DisplayName("Reports a function placed in public subnets")
    void functionInPublicSubnets() {
        List<Violation> violations = checkChanged(r -> ((ObjectNode) properties(r, "UsersFunction").path("VpcConfig"))
                .set("SubnetIds", refs(r, "PublicSubnetA", "PublicSubnetB")));

        assertReports(violations, "the function is in the public subnets (no DynamoDB endpoint on their route "
                + "table either)", Rule.FUNCTION_IN_PRIVATE_SUBNETS, Rule.DYNAMODB_WITHOUT_INTERNET);
        assertThat(violations).as("the violation names the public subnet")
                .anySatisfy(v -> assertThat(v.detail()).contains("PublicSubnetA"));
    }

    @Test
    @DisplayName("Reports a function that cannot reach the database on 5432")
    void functionCannotReachTheDatabase() {
        List<Violation> noIngress = checkChanged(r -> r.remove("DatabaseIngressFromFunction"));
        List<Violation> wrongPort = checkChanged(r -> properties(r, "DatabaseIngressFromFunction")
                .put("FromPort", 5433).put("ToPort", 5433));
        List<Violation> noEgress = checkChanged(r -> r.remove("FunctionEgressToDatabase"));
        List<Violation> fromTheVpcCidr = checkChanged(r -> {
            ObjectNode rule = properties(r, "DatabaseIngressFromFunction");
            rule.remove("SourceSecurityGroupId");
            rule.put("CidrIp", "10.0.0.0/16");
        });

        assertReports(noIngress, "no ingress rule admits the function into the database's group",
                Rule.FUNCTION_REACHES_DATABASE);
        assertReports(wrongPort, "the database's group admits the function on 5433", Rule.FUNCTION_REACHES_DATABASE);
        assertReports(noEgress, "the function's group lets only 443 out", Rule.FUNCTION_REACHES_DATABASE);
        assertReports(fromTheVpcCidr, "the database's group admits the whole VPC's CIDR instead of the function's group",
                Rule.FUNCTION_REACHES_DATABASE);
        assertThat(noIngress.get(0).detail()).as("the violation names the missing side (the database's ingress) for "
                + "whoever fixes the template").contains("ingress").doesNotContain("egress");
        assertThat(noEgress.get(0).detail()).as("the violation names the missing side (the function's egress)")
                .contains("egress");
    }

    @Test
    @DisplayName("Counts an all-traffic rule from the function's group as admitting 5432")
    void allTrafficRuleAdmits() {
        List<Violation> violations = checkChanged(r -> properties(r, "DatabaseIngressFromFunction")
                .put("IpProtocol", "-1").put("FromPort", -1).put("ToPort", -1));

        assertThat(violations).as("violations when the database's group admits all traffic (IpProtocol -1) from the "
                + "function's group").isEmpty();
    }

    @Test
    @DisplayName("Reports Secrets Manager reachable only through the internet")
    void secretsManagerWithoutEndpoint() {
        List<Violation> noEndpoint = checkChanged(r -> r.remove("SecretsManagerEndpoint"));
        List<Violation> noPrivateDns = checkChanged(r -> properties(r, "SecretsManagerEndpoint").put("PrivateDnsEnabled", false));
        List<Violation> notAdmitted = checkChanged(r -> r.remove("EndpointIngressFromFunction"));
        List<Violation> gatewayType = checkChanged(r -> properties(r, "SecretsManagerEndpoint").put("VpcEndpointType", "Gateway"));
        List<Violation> otherPort = checkChanged(r -> properties(r, "EndpointIngressFromFunction")
                .put("FromPort", 80).put("ToPort", 80));

        assertReports(noEndpoint, "there is no Secrets Manager endpoint (only the NAT gateway)",
                Rule.SECRETS_MANAGER_WITHOUT_INTERNET);
        assertReports(noPrivateDns, "the endpoint has no private DNS (the SDK would still resolve the public name)",
                Rule.SECRETS_MANAGER_WITHOUT_INTERNET);
        assertReports(notAdmitted, "the endpoint's group does not admit 443 from the function",
                Rule.SECRETS_MANAGER_WITHOUT_INTERNET);
        assertReports(gatewayType, "the endpoint is declared as a Gateway (Secrets Manager has only interface "
                + "endpoints)", Rule.SECRETS_MANAGER_WITHOUT_INTERNET);
        assertReports(otherPort, "the endpoint's group admits the function on 80, not on 443",
                Rule.SECRETS_MANAGER_WITHOUT_INTERNET);
    }

    @Test
    @DisplayName("Reports DynamoDB reachable only through the internet")
    void dynamoDbWithoutEndpoint() {
        List<Violation> wrongTable = checkChanged(r -> properties(r, "DynamoDbEndpoint")
                .set("RouteTableIds", refs(r, "IsolatedRouteTable")));
        List<Violation> onlyS3 = checkChanged(r -> r.remove("DynamoDbEndpoint"));

        assertReports(wrongTable, "the DynamoDB endpoint is on the isolated subnets' route table only",
                Rule.DYNAMODB_WITHOUT_INTERNET);
        assertReports(onlyS3, "there is an S3 gateway endpoint but none for DynamoDB", Rule.DYNAMODB_WITHOUT_INTERNET);
    }
}
