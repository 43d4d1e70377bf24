package org.sotto.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.management.OperatingSystemMXBean;

/**
 * Runs {@link CoreOmemoCatchUpBenchmark} outside JMH to look into it, e.g. under JFR:
 * {@code java -XX:StartFlightRecording=filename=catchup.jfr -cp benchmarks/target/benchmarks.jar
 * org.sotto.benchmarks.OmemoCatchUpProbe 10000 3} (messages, catch-ups, sender offline|online). Prints the seconds of each catch-up.
 * With {@code -Dsotto.bench.profile=/dir} and async-profiler's jar on the class path (Maven Central
 * {@code tools.profiler:async-profiler:3.0}), the last catch-up alone is profiled into {@code /dir/catchup.collapsed}
 * (CPU samples of the client JVM, flame graph format); the setup stays out of it.
 */
public final class OmemoCatchUpProbe {
    private OmemoCatchUpProbe() {
    }

    public static void main(String[] args) throws Exception {
        CoreOmemoCatchUpBenchmark bench = new CoreOmemoCatchUpBenchmark();
        bench.messages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        bench.sender = args.length > 2 ? args[2] : "offline";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        bench.fillTheArchiveWithEncryptedMessages();
        long prosody = ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("prosody.cfg.lua"))
                .mapToLong(ProcessHandle::pid).max().orElse(-1);
        OperatingSystemMXBean os =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < Integer.getInteger("sotto.bench.plainPasses", 0); i++) {
            long wall = System.nanoTime();
            long server = cpuTicks(prosody);
            long own = os.getProcessCpuTime();
            bench.serverAlone();
            System.out.printf("plain pass: %.2f s wall, prosody cpu %.2f s, client jvm cpu %.2f s%n", (System.nanoTime() - wall) / 1e9,
                    (cpuTicks(prosody) - server) / 100.0, (os.getProcessCpuTime() - own) / 1e9);
        }
        if (Boolean.getBoolean("sotto.bench.receipts")) {
            long wall = System.nanoTime();
            long server = cpuTicks(prosody);
            bench.receiptsToBob();
            System.out.printf("receipts pass: %d receipts to offline bob, %.2f s wall, prosody cpu %.2f s%n", bench.messages,
                    (System.nanoTime() - wall) / 1e9, (cpuTicks(prosody) - server) / 100.0);
        }
        try {
            for (int i = 0; i < rounds; i++) {
                bench.aliceLoggedInFromTheSnapshot();
                long start = System.nanoTime();
                long server = cpuTicks(prosody);
                long own = os.getProcessCpuTime();
                boolean profiled = i == rounds - 1 && System.getProperty("sotto.bench.profile") != null;
                if (profiled) {
                    profiler("start,event=cpu,interval=200us,threads");
                }
                int fetched = bench.catchUp();
                if (profiled) {
                    profiler("stop,collapsed,file=" + System.getProperty("sotto.bench.profile") + "/catchup.collapsed");
                }
                System.out.printf("catch-up %d: %d messages in %.2f s, prosody cpu %.2f s, client jvm cpu %.2f s%n", i, fetched,
                        (System.nanoTime() - start) / 1e9, (cpuTicks(prosody) - server) / 100.0, (os.getProcessCpuTime() - own) / 1e9);
                bench.checkLogOutAndDelete();
            }
        } finally {
            bench.stopServer();
        }
        System.exit(0);
    }

    /** Runs an async-profiler command through its Java API, found by reflection so the jar is needed only here. */
    private static void profiler(String command) throws ReflectiveOperationException {
        Class<?> type = Class.forName("one.profiler.AsyncProfiler");
        Object profiler = type.getMethod("getInstance").invoke(null);
        type.getMethod("execute", String.class).invoke(profiler, command);
    }

    /** utime + stime of a process in clock ticks (1/100 s on Linux). */
    private static long cpuTicks(long pid) throws IOException {
        String[] fields = Files.readString(Path.of("/proc/" + pid + "/stat"))
                .replaceFirst(".*\\) ", "").split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
