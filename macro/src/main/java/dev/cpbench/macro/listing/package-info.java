/** Macro checks of LIST serialisation: live heap of each encoder as the list grows. */
package dev.cpbench.macro.listing;
