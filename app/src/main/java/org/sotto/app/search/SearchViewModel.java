package org.sotto.app.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.sotto.app.ui.Strings;
import org.sotto.app.ui.UiExecutor;
import org.sotto.core.api.chat.ChatMessage;
import org.sotto.core.api.chat.Chats;

/**
 * Ctrl+F: search in the open chat. Each change of the text asks core ({@code Chats.search} in this chat: every word,
 * the last also as a prefix), newest first; an answer for an older text is dropped. {@link #highlights} finds the
 * words to mark in a result.
 */
public final class SearchViewModel {
    /** How many hits a search shows. */
    public static final int LIMIT = 100;

    private final Chats chats;
    private final String peer;
    private final UiExecutor ui;
    private final StringProperty query = new SimpleStringProperty("");
    private final ObservableList<ChatMessage> results = FXCollections.observableArrayList();
    private final StringProperty status = new SimpleStringProperty("");
    private int asked;

    public SearchViewModel(Chats chats, String peer, UiExecutor ui) {
        this.chats = Objects.requireNonNull(chats);
        this.peer = Objects.requireNonNull(peer);
        this.ui = Objects.requireNonNull(ui);
        query.addListener((obs, old, next) -> search());
    }

    private void search() {
        int mine = ++asked;
        String text = query.get().strip();
        if (text.isEmpty()) {
            results.clear();
            status.set("");
            return;
        }
        chats.search(Optional.of(peer), text, LIMIT).whenComplete((found, failure) -> ui.execute(() -> {
            if (mine != asked) {
                return;
            }
            if (failure != null) {
                results.clear();
                status.set(Strings.get("search.failed"));
                return;
            }
            results.setAll(found);
            status.set(found.isEmpty() ? Strings.get("search.none")
                    : found.size() >= LIMIT ? Strings.get("search.many", LIMIT) : Strings.get("search.count", found.size()));
        }));
    }

    /**
     * Where the words of {@code query} occur in {@code body}, as core's search matches them (case-insensitively, whole
     * words, the last one also as the start of a word): [start, end) pairs in order.
     */
    public static List<int[]> highlights(String body, String query) {
        List<String> words = new ArrayList<>();
        for (String word : query.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        List<int[]> spans = new ArrayList<>();
        String lower = body.toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < lower.length()) {
            if (!Character.isLetterOrDigit(lower.codePointAt(i))) {
                i += Character.charCount(lower.codePointAt(i));
                continue;
            }
            int end = i;
            while (end < lower.length() && Character.isLetterOrDigit(lower.codePointAt(end))) {
                end += Character.charCount(lower.codePointAt(end));
            }
            for (int w = 0; w < words.size(); w++) {
                String word = words.get(w);
                boolean prefix = w == words.size() - 1;
                if (lower.startsWith(word, i) && (prefix ? i + word.length() <= end : i + word.length() == end)) {
                    spans.add(new int[] {i, i + word.length()});
                    break;
                }
            }
            i = end;
        }
        return spans;
    }

    public String peer() {
        return peer;
    }

    public StringProperty queryProperty() {
        return query;
    }

    /** The hits, newest first. */
    public ObservableList<ChatMessage> results() {
        return results;
    }

    /** How many were found, in words; empty before a search. */
    public ReadOnlyStringProperty statusProperty() {
        return status;
    }
}
