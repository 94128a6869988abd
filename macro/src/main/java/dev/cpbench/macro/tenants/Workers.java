package dev.cpbench.macro.tenants;

import dev.cpbench.macro.corpus.Progress;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** W workers, each taking the next item until none is left, with a progress line. */
final class Workers {
    private Workers() {}

    /** Applies {@code work} to every item; {@code work} counts its own failures and must not throw. */
    static <T> void forEach(String what, List<T> items, int workers, PrintStream console, Consumer<T> work)
            throws InterruptedException {
        Progress progress = new Progress(what, items.size(), console);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> new Thread(r, "cpbench-" + what));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement();
                            i < items.size() && !Thread.currentThread().isInterrupted();
                            i = next.getAndIncrement()) {
                        work.accept(items.get(i));
                        progress.advance();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + ": a worker failed", e.getCause());
        } finally {
            pool.shutdownNow();
            progress.finish();
        }
    }
}
