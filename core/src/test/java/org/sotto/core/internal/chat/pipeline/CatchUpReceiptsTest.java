package org.sotto.core.internal.chat.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class CatchUpReceiptsTest {
    @Test
    void nothingIsSentBeforeTheCatchUpEndsThenEverythingInOrderAndInChunksOnTheWorker() throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            List<Integer> sent = new ArrayList<>(); // only the worker adds
            AtomicInteger chunks = new AtomicInteger();
            CatchUpReceipts receipts = new CatchUpReceipts(runnable -> {
                chunks.incrementAndGet();
                worker.execute(runnable);
            });
            IntStream.range(0, 600).forEach(i -> receipts.owe(() -> sent.add(i)));
            worker.submit(() -> { }).get(5, TimeUnit.SECONDS);
            assertTrue(sent.isEmpty(), "held while the catch-up runs");

            receipts.release();
            worker.submit(() -> { }).get(5, TimeUnit.SECONDS);
            assertEquals(IntStream.range(0, 600).boxed().toList(), sent);
            assertEquals(3, chunks.get(), "600 receipts in chunks of " + CatchUpReceipts.CHUNK);

            receipts.release(); // released ones are not sent twice
            worker.submit(() -> { }).get(5, TimeUnit.SECONDS);
            assertEquals(600, sent.size());
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void anAccountClosingMeanwhileDropsTheReceiptsInsteadOfFailingTheCatchUp() {
        ExecutorService worker = Executors.newSingleThreadExecutor();
        worker.shutdown();
        CatchUpReceipts receipts = new CatchUpReceipts(worker);
        receipts.owe(() -> { throw new AssertionError("not sent on a closed account"); });
        receipts.release(); // no RejectedExecutionException
    }
}
