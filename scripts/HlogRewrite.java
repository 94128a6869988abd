import dev.cpbench.macro.latency.IntervalLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * Rewrites .hlog files written before issue 16 in today's {@link IntervalLog} layout, histograms unchanged: each
 * flush of tagged lines (a run of lines until a tag repeats) gains its untagged whole; the start time is moved back
 * to the earliest interval (metadata-load logs began 1 ms after their first interval); Interval_Max in µs.
 *   mvn -o -q -pl macro -am compile && java -cp macro/target/classes:$HDR_JAR scripts/HlogRewrite.java FILE.hlog...
 */
public class HlogRewrite {
    public static void main(String[] args) throws Exception {
        for (String name : args) {
            Path file = Path.of(name);
            String comment = Files.readAllLines(file).get(0).replaceFirst("^#", "").replace(", microseconds", "");
            List<Histogram> lines = IntervalLog.read(file);
            long start;
            try (HistogramLogReader reader = new HistogramLogReader(file.toFile())) {
                for (EncodableHistogram h; (h = reader.nextIntervalHistogram()) != null; ) {
                    // read to the end: the start time is known after the header
                }
                start = Math.round(reader.getStartTimeSec() * 1000);
            }
            for (Histogram h : lines) {
                start = Math.min(start, h.getStartTimeStamp());
            }
            boolean hasWhole = lines.stream().anyMatch(h -> h.getTag() == null);
            try (IntervalLog log = IntervalLog.create(file, comment, start)) {
                if (hasWhole) {
                    lines.forEach(log::write);
                } else {
                    List<Histogram> flush = new ArrayList<>();
                    Set<String> tags = new HashSet<>();
                    for (Histogram h : lines) {
                        if (!tags.add(h.getTag())) {
                            log.writeEndpoints(flush);
                            flush.clear();
                            tags.clear();
                            tags.add(h.getTag());
                        }
                        flush.add(h);
                    }
                    log.writeEndpoints(flush);
                }
            }
            System.out.println(file + ": " + lines.size() + " lines" + (hasWhole ? "" : ", wholes added"));
        }
    }
}
