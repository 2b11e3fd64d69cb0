package dev.sjl.users;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

@Tag("task:4")
@DisplayName("Task 4: the user repository contract, in memory")
class InMemoryUserRepositoryTest extends UserRepositoryContract {

    @Override
    protected UserRepository emptyRepository() {
        return new InMemoryUserRepository();
    }
}
