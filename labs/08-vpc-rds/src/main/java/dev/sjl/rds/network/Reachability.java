package dev.sjl.rds.network;

import java.util.List;

/**
 * The network's promises, checked offline on the template before anything is deployed: the function reaches its
 * database, nothing on the internet does, and the AWS services the function calls are reached without the internet.
 * Each broken promise is a {@link Violation} that names its rule and the resource that breaks it.
 */
public final class Reachability {

    public static final int POSTGRES = 5432;
    public static final int HTTPS = 443;

    public enum Rule {
        FUNCTION_REACHES_DATABASE("the function reaches PostgreSQL on 5432: the database's security group admits 5432 "
                + "from the function's security group, and the function's security group lets 5432 out"),
        INTERNET_NEVER_REACHES_DATABASE("nothing from the internet reaches the database: no security group rule from "
                + "0.0.0.0/0 or ::/0, not publicly accessible, no subnet with a route to an internet gateway"),
        FUNCTION_IN_PRIVATE_SUBNETS("the function runs in private subnets: in a public subnet its network interfaces get "
                + "no public IP, so the internet gateway drops its packets and it reaches nothing"),
        SECRETS_MANAGER_WITHOUT_INTERNET("the function reaches Secrets Manager through an interface endpoint with "
                + "private DNS whose security group admits 443 from the function"),
        DYNAMODB_WITHOUT_INTERNET("the function reaches DynamoDB through a gateway endpoint on the route table of "
                + "every subnet the function runs in");

        public final String sentence;

        Rule(String sentence) {
            this.sentence = sentence;
        }
    }

    /** A broken promise: the rule, and what in the template breaks it. */
    public record Violation(Rule rule, String detail) {
        @Override
        public String toString() {
            return rule + " (" + rule.sentence + "): " + detail;
        }
    }

    private Reachability() {
    }

    // tag::reachability[]
    /** Every rule the template breaks for this function and database; empty when it keeps them all. */
    public static List<Violation> check(NetworkModel network, String function, String database) {
        // TODO: one Violation per broken promise, naming the resource that breaks it:
        //  FUNCTION_REACHES_DATABASE: an ingress rule on the database's groups admitting POSTGRES from one of the
        //   function's groups (peerGroup), and an egress rule on the function's groups letting POSTGRES out (to the
        //   database's group or a CIDR); INTERNET_NEVER_REACHES_DATABASE: no ingress fromAnywhere, not publicly
        //   accessible, no database subnet whose route table's default route is an INTERNET_GATEWAY;
        //  FUNCTION_IN_PRIVATE_SUBNETS: no function subnet like that; SECRETS_MANAGER_WITHOUT_INTERNET: an Interface
        //   endpoint for secretsmanager with private DNS, HTTPS admitted from the function and let out by it;
        //  DYNAMODB_WITHOUT_INTERNET: a Gateway endpoint for dynamodb on every function subnet's route table.
        throw new UnsupportedOperationException("Task 4: check the template's reachability rules");
    }
    // end::reachability[]

}
