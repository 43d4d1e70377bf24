package org.sotto.app.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.sotto.app.ui.Strings;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.account.Account;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.ConversationSummary;

/**
 * Ctrl+Shift+F: search in every chat of every account. Each change of the text asks each account's core
 * ({@code Chats.search} over all its chats), the answers merged newest first and cut at {@link SearchViewModel#LIMIT};
 * an answer for an older text is dropped. Each hit knows its account and the chat's title.
 */
public final class GlobalSearchViewModel {
    /** One message found, with the chat it belongs to. */
    public record Hit(Account account, String title, ChatMessage message) {
    }

    private static final Comparator<Hit> NEWEST_FIRST = Comparator.comparing((Hit h) -> h.message().timestamp())
            .reversed();

    private final List<? extends Account> accounts;
    private final UiExecutor ui;
    private final StringProperty query = new SimpleStringProperty("");
    private final ObservableList<Hit> results = FXCollections.observableArrayList();
    private final StringProperty status = new SimpleStringProperty("");
    private final IntegerProperty selected = new SimpleIntegerProperty(-1);
    private int asked;

    /** {@code accounts}: the profile's accounts, searched in this order (history-only ones too). */
    public GlobalSearchViewModel(List<? extends Account> accounts, UiExecutor ui) {
        this.accounts = List.copyOf(accounts);
        this.ui = Objects.requireNonNull(ui);
        query.addListener((obs, old, next) -> search());
    }

    private void search() {
        int mine = ++asked;
        String text = query.get().strip();
        if (text.isEmpty()) {
            results.clear();
            selected.set(-1);
            status.set("");
            return;
        }
        List<CompletableFuture<List<Hit>>> asks = new ArrayList<>();
        for (Account account : accounts) {
            asks.add(account.chats().search(Optional.empty(), text, SearchViewModel.LIMIT)
                    .thenApply(found -> hits(account, found)));
        }
        CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> {
            List<Hit> all = new ArrayList<>();
            if (failure == null) {
                asks.forEach(ask -> all.addAll(ask.join()));
                all.sort(NEWEST_FIRST);
            }
            List<Hit> shown = all.size() > SearchViewModel.LIMIT ? all.subList(0, SearchViewModel.LIMIT) : all;
            ui.execute(() -> {
                if (mine != asked) {
                    return;
                }
                if (failure != null) {
                    results.clear();
                    selected.set(-1);
                    status.set(Strings.get("search.failed"));
                    return;
                }
                results.setAll(shown);
                selected.set(shown.isEmpty() ? -1 : 0);
                status.set(shown.isEmpty() ? Strings.get("search.none")
                        : all.size() >= SearchViewModel.LIMIT ? Strings.get("search.many", SearchViewModel.LIMIT)
                        : Strings.get("search.count", shown.size()));
            });
        });
    }

    /** The account's hits with their chats' titles (core's list, read on core's thread). */
    private static List<Hit> hits(Account account, List<ChatMessage> found) {
        Map<String, String> titles = new HashMap<>();
        for (ConversationSummary chat : account.chats().conversationList().get()) {
            titles.put(chat.peer(), chat.title());
        }
        List<Hit> hits = new ArrayList<>(found.size());
        for (ChatMessage message : found) {
            hits.add(new Hit(account, titles.getOrDefault(message.peer(), message.peer()), message));
        }
        return hits;
    }

    /** Moves the selection by {@code step}, stopping at the ends. */
    public void move(int step) {
        if (!results.isEmpty()) {
            selected.set(Math.max(0, Math.min(results.size() - 1, selected.get() + step)));
        }
    }

    public void select(int index) {
        selected.set(index >= 0 && index < results.size() ? index : -1);
    }

    /** The hit selected, if any. */
    public Optional<Hit> chosen() {
        int at = selected.get();
        return at >= 0 && at < results.size() ? Optional.of(results.get(at)) : Optional.empty();
    }

    /** Whether hits should name their account (the profile has several). */
    public boolean severalAccounts() {
        return accounts.size() > 1;
    }

    public StringProperty queryProperty() {
        return query;
    }

    /** The hits of every chat, newest first. */
    public ObservableList<Hit> results() {
        return results;
    }

    /** The index of the selected hit, -1 for none. */
    public IntegerProperty selectedProperty() {
        return selected;
    }

    /** How many were found, in words; empty before a search. */
    public ReadOnlyStringProperty statusProperty() {
        return status;
    }
}
