/** Seeding, finding and deleting a scenario's corpus on a target. */
package dev.cpbench.macro.corpus;
