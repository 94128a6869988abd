/**
 * The {@code cpbench-macro} CLI, on top of the macro's layers: only {@link dev.cpbench.macro.MacroCli}, which
 * registers every command; no other package imports this one ({@code LayersTest}).
 */
package dev.cpbench.macro;
