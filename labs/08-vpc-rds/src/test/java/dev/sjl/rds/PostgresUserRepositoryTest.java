package dev.sjl.rds;

import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import dev.sjl.users.UserRepository;
import dev.sjl.users.UserRepositoryContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/** Lab 03's contract, every rule of it, on PostgreSQL: the same suite the in-memory and DynamoDB stores pass. */
@Tag("task:1")
@LocalCloudTest(services = Service.POSTGRES)
@DisplayName("Task 1: the user repository contract, on PostgreSQL")
class PostgresUserRepositoryTest extends UserRepositoryContract {

    private TestResources resources;

    @BeforeEach
    void database(TestResources resources) {
        this.resources = resources;
    }

    @Override
    protected UserRepository emptyRepository() {
        return new PostgresUserRepository(TestDatabase.pooled(resources));
    }
}
