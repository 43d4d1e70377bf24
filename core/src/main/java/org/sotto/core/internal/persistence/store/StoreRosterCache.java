package org.sotto.core.internal.persistence.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.sotto.core.api.contacts.SubscriptionState;
import org.sotto.core.internal.persistence.RosterCache;
import org.sotto.store.Account;
import org.sotto.store.Contact;
import org.sotto.store.Database;
import org.sotto.store.Subscription;

/** The roster cache on the store's contact, contact_group and account.roster_version columns. */
final class StoreRosterCache implements RosterCache {
    private final Database db;
    private final StoreAccounts accounts;

    StoreRosterCache(Database db, StoreAccounts accounts) {
        this.db = db;
        this.accounts = accounts;
    }

    @Override
    public List<Item> items(String account) {
        return accounts.id(account).map(id -> db.transaction(() -> db.contacts().list(id)).stream()
                .map(StoreRosterCache::item).toList()).orElse(List.of());
    }

    @Override
    public Optional<String> version(String account) {
        return accounts.id(account).flatMap(id -> db.accounts().get(id)).map(Account::rosterVersion);
    }

    @Override
    public void replace(String account, Collection<Item> items, Optional<String> version) {
        long id = accounts.requireId(account);
        db.contacts().replaceRoster(id, items.stream().map(item -> contact(id, item)).toList(), version.orElse(null));
    }

    @Override
    public void put(String account, Item item, Optional<String> version) {
        long id = accounts.requireId(account);
        db.contacts().put(contact(id, item), version.orElse(null));
    }

    @Override
    public void remove(String account, String jid, Optional<String> version) {
        db.contacts().remove(accounts.requireId(account), jid, version.orElse(null));
    }

    /** Removing the account row cascades to its contacts. */
    @Override
    public void removeAccount(String account) {
        accounts.id(account).ifPresent(id -> db.transaction(() -> db.contacts().replaceRoster(id, List.of(), null)));
    }

    private static Contact contact(long accountId, Item item) {
        return new Contact(accountId, item.jid(), item.name().orElse(null), Subscription.valueOf(item.subscription().name()),
                item.awaitingApproval(), item.groups());
    }

    private static Item item(Contact contact) {
        SubscriptionState subscription = contact.subscription() == Subscription.REMOVE ? SubscriptionState.NONE
                : SubscriptionState.valueOf(contact.subscription().name());
        return new Item(contact.jid(), Optional.ofNullable(contact.name()), contact.groups(), subscription,
                contact.askSubscribe());
    }
}
