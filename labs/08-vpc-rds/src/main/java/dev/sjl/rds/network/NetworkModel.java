package dev.sjl.rds.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What in a CloudFormation template decides who reaches whom: subnets and their route tables, default routes,
 * security group rules, VPC endpoints, and where the function and the database run. Read offline from the template's
 * JSON, so a reachability check runs in a unit test, before anything is deployed. Resources are named by their
 * logical ids; {@code Ref} and {@code Fn::GetAtt} to a resource resolve to its logical id.
 */
public final class NetworkModel {

    /** The template this lab deploys, on the classpath. */
    public static final String TEMPLATE = "/network/users-network.template.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A route table's way out of the VPC for {@code 0.0.0.0/0}. */
    public enum Gateway { INTERNET_GATEWAY, NAT_GATEWAY, OTHER }

    public record Subnet(String id, String routeTableId) {
    }

    /** A security group rule; {@code peerGroup} or {@code cidr} is set. Protocol {@code -1} is every protocol and port. */
    public record Rule(String group, boolean ingress, String protocol, int fromPort, int toPort, String cidr,
                       String peerGroup, String declaredBy) {

        /** Whether this rule lets TCP on {@code port} through. */
        public boolean allowsTcp(int port) {
            return protocol.equals("-1") || (protocol.equals("tcp") || protocol.equals("6")) && fromPort <= port && port <= toPort;
        }

        public boolean fromAnywhere() {
            return "0.0.0.0/0".equals(cidr) || "::/0".equals(cidr);
        }
    }

    /**
     * @param service the last part of the service name: {@code secretsmanager}, {@code dynamodb}, {@code s3}
     * @param type    {@code Interface} or {@code Gateway}
     */
    public record Endpoint(String id, String service, String type, boolean privateDns, List<String> securityGroups,
                           List<String> routeTables) {
    }

    /** A function or a database: where its network interfaces are, and which security groups they carry. */
    public record Placement(String id, List<String> subnets, List<String> securityGroups, boolean publiclyAccessible) {
    }

    private final Map<String, JsonNode> resources = new TreeMap<>();

    private NetworkModel(JsonNode template) {
        template.path("Resources").fields().forEachRemaining(e -> resources.put(e.getKey(), e.getValue()));
    }

    public static NetworkModel parse(JsonNode template) {
        return new NetworkModel(template);
    }

    /** The lab's template as JSON, for a test to check or to change. */
    public static JsonNode template() {
        try (InputStream in = NetworkModel.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is not on the classpath");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Lambda function's VPC placement. */
    public Placement function(String id) {
        JsonNode vpc = properties(id, "AWS::Lambda::Function").path("VpcConfig");
        return new Placement(id, ids(vpc.path("SubnetIds")), ids(vpc.path("SecurityGroupIds")), false);
    }

    /** An RDS instance's placement: the subnets of its subnet group. */
    public Placement database(String id) {
        JsonNode db = properties(id, "AWS::RDS::DBInstance");
        String group = id(db.path("DBSubnetGroupName"));
        List<String> subnets = group == null ? List.of() : ids(properties(group, "AWS::RDS::DBSubnetGroup").path("SubnetIds"));
        return new Placement(id, subnets, ids(db.path("VPCSecurityGroups")), db.path("PubliclyAccessible").asBoolean(false));
    }

    public Subnet subnet(String id) {
        properties(id, "AWS::EC2::Subnet");
        String routeTable = null;
        for (Map.Entry<String, JsonNode> r : ofType("AWS::EC2::SubnetRouteTableAssociation").entrySet()) {
            JsonNode p = r.getValue().path("Properties");
            if (id.equals(id(p.path("SubnetId")))) {
                routeTable = id(p.path("RouteTableId"));
            }
        }
        return new Subnet(id, routeTable);
    }

    /** Where a route table sends {@code 0.0.0.0/0}, if anywhere. */
    public Optional<Gateway> defaultRoute(String routeTable) {
        for (JsonNode route : ofType("AWS::EC2::Route").values()) {
            JsonNode p = route.path("Properties");
            if (routeTable != null && routeTable.equals(id(p.path("RouteTableId")))
                    && "0.0.0.0/0".equals(p.path("DestinationCidrBlock").asText())) {
                String target = id(p.path("GatewayId"));
                if (target != null && "AWS::EC2::InternetGateway".equals(type(target))) {
                    return Optional.of(Gateway.INTERNET_GATEWAY);
                }
                return Optional.of(p.has("NatGatewayId") ? Gateway.NAT_GATEWAY : Gateway.OTHER);
            }
        }
        return Optional.empty();
    }

    /** Every rule of a security group in one direction: inline and as separate resources. */
    public List<Rule> rules(String group, boolean ingress) {
        List<Rule> rules = new ArrayList<>();
        JsonNode inline = properties(group, "AWS::EC2::SecurityGroup").path(ingress ? "SecurityGroupIngress" : "SecurityGroupEgress");
        inline.forEach(rule -> rules.add(rule(group, ingress, rule, group)));
        String type = ingress ? "AWS::EC2::SecurityGroupIngress" : "AWS::EC2::SecurityGroupEgress";
        ofType(type).forEach((id, resource) -> {
            JsonNode p = resource.path("Properties");
            if (group.equals(id(p.path("GroupId")))) {
                rules.add(rule(group, ingress, p, id));
            }
        });
        if (!ingress && rules.isEmpty()) {
            // A security group declared with no egress rule gets AWS's default: everything out.
            rules.add(new Rule(group, false, "-1", 0, 65535, "0.0.0.0/0", null, group + " (default egress)"));
        }
        return rules;
    }

    public List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        ofType("AWS::EC2::VPCEndpoint").forEach((id, resource) -> {
            JsonNode p = resource.path("Properties");
            String service = text(p.path("ServiceName"));
            endpoints.add(new Endpoint(id, service.substring(service.lastIndexOf('.') + 1),
                    p.path("VpcEndpointType").asText("Gateway"), p.path("PrivateDnsEnabled").asBoolean(false),
                    ids(p.path("SecurityGroupIds")), ids(p.path("RouteTableIds"))));
        });
        return endpoints;
    }

    private Rule rule(String group, boolean ingress, JsonNode r, String declaredBy) {
        String peer = id(r.path(ingress ? "SourceSecurityGroupId" : "DestinationSecurityGroupId"));
        String cidr = r.has("CidrIp") ? r.path("CidrIp").asText() : r.has("CidrIpv6") ? r.path("CidrIpv6").asText() : null;
        return new Rule(group, ingress, r.path("IpProtocol").asText("-1"), r.path("FromPort").asInt(0),
                r.path("ToPort").asInt(65535), cidr, peer, declaredBy);
    }

    private JsonNode properties(String id, String type) {
        JsonNode resource = resources.get(id);
        if (resource == null || !type.equals(resource.path("Type").asText())) {
            throw new IllegalArgumentException("The template has no " + type + " named " + id);
        }
        return resource.path("Properties");
    }

    private String type(String id) {
        JsonNode resource = resources.get(id);
        return resource == null ? null : resource.path("Type").asText();
    }

    private Map<String, JsonNode> ofType(String type) {
        Map<String, JsonNode> found = new TreeMap<>();
        resources.forEach((id, resource) -> {
            if (type.equals(resource.path("Type").asText())) {
                found.put(id, resource);
            }
        });
        return found;
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(item -> ids.add(id(item)));
        return ids;
    }

    /**
     * A service name as written by hand ({@code "com.amazonaws.us-east-1.s3"}, {@code {"Fn::Sub": "...${AWS::Region}.s3"}})
     * or by the CDK ({@code {"Fn::Join": ["", ["com.amazonaws.", {"Ref": "AWS::Region"}, ".s3"]]}}): only its last part
     * is read, and no part of a join but its text can hold it.
     */
    private static String text(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.has("Fn::Join")) {
            StringBuilder joined = new StringBuilder();
            value.path("Fn::Join").path(1).forEach(part -> joined.append(part.isTextual() ? part.asText() : "?"));
            return joined.toString();
        }
        return value.path("Fn::Sub").asText();
    }

    /** {@code "x"}, {@code {"Ref": "x"}} and {@code {"Fn::GetAtt": ["x", "GroupId"]}} all name resource x. */
    private static String id(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.has("Ref")) {
            return value.path("Ref").asText();
        }
        if (value.has("Fn::GetAtt")) {
            return value.path("Fn::GetAtt").path(0).asText();
        }
        return null;
    }
}
