package org.sotto.store;

/**
 * What inserting a message did.
 *
 * @param id    the row id of the stored message (the existing one if it was a duplicate)
 * @param isNew false when a message with the same origin id (same sender) or archive id was already stored
 */
public record InsertResult(long id, boolean isNew) {
}
