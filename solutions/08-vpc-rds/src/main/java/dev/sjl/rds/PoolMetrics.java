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
                // BEGIN TASK 5
                metrics.record(EmfMetrics.POOL_WAIT, EmfMetrics.Unit.MILLISECONDS, elapsedAcquiredNanos / 1_000_000.0);
                // STARTER
                //| // TODO: record POOL_WAIT in MILLISECONDS (HikariCP measures it in nanoseconds).
                // END TASK 5
            }

            @Override
            public void recordConnectionUsageMillis(long elapsedBorrowedMillis) {
                // BEGIN TASK 5
                metrics.record(EmfMetrics.QUERY_TIME, EmfMetrics.Unit.MILLISECONDS, elapsedBorrowedMillis);
                // STARTER
                //| // TODO: record QUERY_TIME in MILLISECONDS: how long the request held the connection.
                // END TASK 5
            }

            @Override
            public void recordConnectionTimeout() {
                // BEGIN TASK 5
                metrics.record(EmfMetrics.CONNECTION_TIMEOUTS, EmfMetrics.Unit.COUNT, 1);
                // STARTER
                //| // TODO: count one CONNECTION_TIMEOUTS: the alarm on connection exhaustion watches it.
                // END TASK 5
            }
            // end::pool-metrics[]
        };
    }
}
