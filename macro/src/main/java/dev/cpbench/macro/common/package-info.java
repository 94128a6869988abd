/** The macro's shared helpers at the bottom of its layers: they import no other macro package. */
package dev.cpbench.macro.common;
