/** {@code transit-mock}: the OpenBao Transit mock (fixtures' transit) served as a process of its own. */
package dev.cpbench.macro.transit;
