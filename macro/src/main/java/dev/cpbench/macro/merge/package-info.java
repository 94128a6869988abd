/** Merging the run directories of sharded runs (--shard I/N) into one run: histograms added, counters summed. */
package dev.cpbench.macro.merge;
