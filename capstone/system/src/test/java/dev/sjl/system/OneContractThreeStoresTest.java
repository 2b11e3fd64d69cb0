package dev.sjl.system;

import dev.sjl.dynamodb.DynamoDbUserRepository;
import dev.sjl.dynamodb.UsersTable;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import dev.sjl.rds.Migrations;
import dev.sjl.rds.PostgresUserRepository;
import dev.sjl.users.InMemoryUserRepository;
import dev.sjl.users.UserRepository;
import dev.sjl.users.UserRepositoryContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import javax.sql.DataSource;
import java.security.SecureRandom;

/**
 * Lab 03's {@link UserRepositoryContract}, every rule of it, on the three stores {@code kit run} can use, in one class
 * and so one test report: the in-memory map of lab 03, the DynamoDB table of lab 06 ({@code --db dynamodb}) and the
 * PostgreSQL table of lab 08 ({@code --db postgres}). Each lab also runs the contract on its own store; here the three
 * are seen side by side, each on the reference code the service runs. Each test gets a fresh store, as each lab's own
 * contract test makes it: a new map, table or database.
 */
@LocalCloudTest(services = {Service.DYNAMODB, Service.POSTGRES})
@DisplayName("One contract, three stores: lab 03's user repository rules in memory, in DynamoDB and on PostgreSQL")
class OneContractThreeStoresTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Nested
    @DisplayName("In memory (lab 03)")
    class InMemory extends UserRepositoryContract {
        @Override
        protected UserRepository emptyRepository() {
            return new InMemoryUserRepository();
        }
    }

    @Nested
    @DisplayName("In DynamoDB (lab 06, kit run --db dynamodb)")
    class DynamoDb extends UserRepositoryContract {
        private DynamoDbClient dynamo;
        private TestResources resources;

        @BeforeEach
        void cloud(DynamoDbClient dynamo, TestResources resources) {
            this.dynamo = dynamo;
            this.resources = resources;
        }

        @Override
        protected UserRepository emptyRepository() {
            String table = resources.name("users");
            UsersTable.create(dynamo, table);
            byte[] cursorKey = new byte[32];
            RANDOM.nextBytes(cursorKey);
            return new DynamoDbUserRepository(dynamo, table, cursorKey);
        }
    }

    @Nested
    @DisplayName("On PostgreSQL (lab 08, kit run --db postgres)")
    class PostgreSql extends UserRepositoryContract {
        private TestResources resources;

        @BeforeEach
        void cloud(TestResources resources) {
            this.resources = resources;
        }

        @Override
        protected UserRepository emptyRepository() {
            DataSource database = resources.database().dataSource();
            Migrations.apply(database);
            return new PostgresUserRepository(database);
        }
    }
}
