package dev.cpbench.macro.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpbench.macro.MacroCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The child proxy is started through the CLI, which the metadata package names without importing it. */
@Timeout(30)
class ChildProxyTest {
    @Test
    void startsTheCli() {
        assertThat(ChildProxy.MAIN_CLASS).isEqualTo(MacroCli.class.getName());
    }
}
