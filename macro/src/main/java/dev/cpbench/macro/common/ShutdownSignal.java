package dev.cpbench.macro.common;

import java.util.concurrent.CountDownLatch;

/** How a serving command (the KMS plugin, the Transit mock, the stand-in) waits to be stopped. */
public final class ShutdownSignal {
    private ShutdownSignal() {}

    /** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM); the caller's try-with-resources then closes everything. */
    public static void await() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                main.join(5_000); // let the resources close before the JVM exits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        stop.await();
    }
}
