package dev.cpbench.macro.corpus;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress line on stderr for long work: done/total, rate and time left; redrawn in place on a terminal,
 * a new line every 10 s otherwise (CI logs).
 */
public final class Progress {
    private static final long TERMINAL_EVERY_NS = 250_000_000L;
    private static final long LOG_EVERY_NS = 10_000_000_000L;

    private final String what;
    private final long total;
    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private final long start = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private volatile long lastDraw = System.nanoTime();

    public Progress(String what, long total, PrintStream out) {
        this.what = what;
        this.total = total;
        this.out = out;
    }

    public void advance() {
        advance(1);
    }

    public void advance(long units) {
        long n = done.addAndGet(units);
        long now = System.nanoTime();
        if (now - lastDraw > (terminal ? TERMINAL_EVERY_NS : LOG_EVERY_NS)) {
            synchronized (this) {
                if (now - lastDraw > (terminal ? TERMINAL_EVERY_NS : LOG_EVERY_NS)) {
                    lastDraw = now;
                    draw(n, now, false);
                }
            }
        }
    }

    /** Draws the final line. */
    public synchronized void finish() {
        draw(done.get(), System.nanoTime(), true);
    }

    private void draw(long n, long now, boolean last) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = n / seconds;
        String eta = last || rate == 0 ? "" : String.format(Locale.US, ", %.0f s left", (total - n) / rate);
        String line = String.format(
                Locale.US,
                "%s %,d/%,d (%.0f%%), %,.0f/s%s",
                what,
                n,
                total,
                total == 0 ? 100.0 : 100.0 * n / total,
                rate,
                eta);
        if (terminal) {
            out.print("\r" + line + "    " + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }
}
