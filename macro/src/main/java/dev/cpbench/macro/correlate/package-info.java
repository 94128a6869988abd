/**
 * {@code ./macro.sh correlate}: joins JMH micro results with macro runs. Each macro run's observed window is split
 * into hot paths (operations counted in the run × their micro cost, by the declared {@link
 * dev.cpbench.macro.correlate.HotPath} mapping) and the unexplained rest; a decision on KMS decrypt micro-batching,
 * a diagnosis table and a scaling view follow, written as {@code report.json} ({@link
 * dev.cpbench.macro.correlate.Report}), {@code report.md}, {@code report.html} and charts.
 */
package dev.cpbench.macro.correlate;
