package dev.cpbench.micro;

import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * {@code java -jar benchmarks.jar}: JMH's own command line with the {@link Preset#FULL full preset} for whatever
 * the arguments do not set, so a benchmark runs as {@code ./jmh.sh} runs it (which also writes the JSON and the
 * table). Lists, help and arguments JMH cannot parse go to JMH unchanged.
 */
public final class BenchmarksMain {
    private BenchmarksMain() {}

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(withDefaults(args));
    }

    static String[] withDefaults(String[] args) {
        try {
            CommandLineOptions given = new CommandLineOptions(args);
            boolean listsOrHelps = given.shouldHelp()
                    || given.shouldList()
                    || given.shouldListWithParams()
                    || given.shouldListProfilers()
                    || given.shouldListResultFormats();
            return listsOrHelps ? args : Preset.FULL.withDefaults(args);
        } catch (CommandLineOptionException e) {
            return args; // JMH says what is wrong with them
        }
    }
}
