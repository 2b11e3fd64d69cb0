package dev.sjl.openapi;

import dev.sjl.apigateway.ApiDefinition;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Routes without documentation, and documentation without a route: both must be empty. */
public record Coverage(Set<String> undocumentedRoutes, Set<String> documentedButNotRouted) {

    public static Coverage of(ApiDefinition api, List<OperationDoc> operations) {
        Set<String> routes = new TreeSet<>();
        api.routes().forEach(route -> routes.add(route.routeKey()));
        Set<String> documented = new TreeSet<>();
        operations.forEach(op -> {
            if (!documented.add(op.routeKey())) {
                throw new IllegalArgumentException(op.routeKey() + " is documented twice");
            }
        });
        Set<String> undocumented = new TreeSet<>(routes);
        undocumented.removeAll(documented);
        Set<String> orphans = new TreeSet<>(documented);
        orphans.removeAll(routes);
        return new Coverage(Set.copyOf(undocumented), Set.copyOf(orphans));
    }

    public boolean complete() {
        return undocumentedRoutes.isEmpty() && documentedButNotRouted.isEmpty();
    }

    @Override
    public String toString() {
        return "Routes without documentation (add an OperationDoc in UserServiceOperations): "
                + new TreeSet<>(undocumentedRoutes) + "; documentation of routes the API does not have: "
                + new TreeSet<>(documentedButNotRouted);
    }
}
