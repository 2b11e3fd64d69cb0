package dev.sjl.rds;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;

/**
 * HikariCP's own measurements, recorded as the function's EMF metrics: HikariCP calls these on the request's thread
 * when a connection is borrowed, returned, or not found in time. Nothing to time by hand around every query.
 */
public final class PoolMetrics implements MetricsTrackerFactory {

    private final EmfMetrics metrics;

    public PoolMetrics(EmfMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public IMetricsTracker create(String poolName, PoolStats poolStats) {
        return new IMetricsTracker() {
            // tag::pool-metrics[]
            @Override
            public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
                // TODO: record POOL_WAIT in MILLISECONDS (HikariCP measures it in nanoseconds).
            }

            @Override
            public void recordConnectionUsageMillis(long elapsedBorrowedMillis) {
                // TODO: record QUERY_TIME in MILLISECONDS: how long the request held the connection.
            }

            @Override
            public void recordConnectionTimeout() {
                // TODO: count one CONNECTION_TIMEOUTS: the alarm on connection exhaustion watches it.
            }
            // end::pool-metrics[]
        };
    }
}
