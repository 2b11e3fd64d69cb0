package dev.sjl.dynamodb;

import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import dev.sjl.users.UserRepository;
import dev.sjl.users.UserRepositoryContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Lab 03's rules for every user store, on the DynamoDB one: written once there, kept here. */
@Tag("task:2")
@LocalCloudTest(services = Service.DYNAMODB)
@DisplayName("Task 2: the user repository contract, in DynamoDB")
class DynamoDbUserRepositoryContractTest extends UserRepositoryContract {

    private DynamoDbClient dynamo;
    private String table;

    @BeforeEach
    void table(DynamoDbClient dynamo, TestResources resources) {
        this.dynamo = dynamo;
        this.table = Tables.fresh(dynamo, resources);
    }

    @Override
    protected UserRepository emptyRepository() {
        return new DynamoDbUserRepository(dynamo, table, Tables.randomKey());
    }
}
