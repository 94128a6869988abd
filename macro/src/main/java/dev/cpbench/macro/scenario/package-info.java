/** Macro scenarios (cold start, sustained list), the run record they fill and the reports they write. */
package dev.cpbench.macro.scenario;
