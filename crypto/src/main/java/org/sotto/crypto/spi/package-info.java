/**
 * The storage interfaces the crypto module needs, byte- and value-based so that any store (the encrypted SQLite
 * of the {@code store} module, or {@link org.sotto.crypto.spi.memory.InMemoryOmemoStore} in tests) fits. One
 * store instance holds one account.
 */
package org.sotto.crypto.spi;
