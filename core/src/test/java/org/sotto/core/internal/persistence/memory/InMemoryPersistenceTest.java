package org.sotto.core.internal.persistence.memory;

import org.sotto.core.internal.persistence.Persistence;
import org.sotto.core.internal.persistence.PersistenceContract;

/** The port contract in memory (what most core tests run on). */
class InMemoryPersistenceTest extends PersistenceContract {
    @Override
    protected Persistence open() {
        return new InMemoryPersistence();
    }

    @Override
    protected Persistence reopen(Persistence current) {
        return current;
    }
}
