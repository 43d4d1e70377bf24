package org.sotto.app.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.sotto.app.ui.Strings;

class MessageCellTest {
    @Test
    void daySeparatorsSayTodayYesterdayOrTheDate() {
        LocalDate today = LocalDate.of(2026, 12, 4);
        assertEquals(Strings.get("chat.day.today"), MessageCell.day(today, today));
        assertEquals(Strings.get("chat.day.yesterday"), MessageCell.day(today.minusDays(1), today));
        String older = MessageCell.day(LocalDate.of(2026, 11, 30), today);
        assertTrue(older.contains("2026") && older.contains("30"), older);
    }
}
