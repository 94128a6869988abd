package dev.cpbench.macro.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cpbench.fixtures.cluster.Injection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --inject HOT_PATH=+COST}: read as written, spelled back the same, refused with the reason. */
class InjectedCostTest {
    @Test
    void readsAHotPathAndACostAndSpellsThemBack() {
        InjectedCost cost = InjectedCost.parse("list-encode=+50us");

        assertThat(cost.point()).isEqualTo(Injection.Point.LIST_ENCODE);
        assertThat(cost.cost()).isEqualTo(Duration.ofNanos(50_000));
        assertThat(cost).hasToString("list-encode=+50us");
        assertThat(InjectedCost.parse("kms-decrypt=300ms")).hasToString("kms-decrypt=+300ms");
        assertThat(InjectedCost.injection(List.of(cost, InjectedCost.parse("list-encode=+1ms")))
                        .cost(Injection.Point.LIST_ENCODE))
                .as("the last of a hot path given twice")
                .isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> InjectedCost.parse("list-encode")).hasMessageContaining("is not HOT_PATH=+COST");
        assertThatThrownBy(() -> InjectedCost.parse("encode=+5us"))
                .hasMessageContaining("no hot path 'encode'")
                .hasMessageContaining("kms-decrypt, watch-cache-refill, envelope-decrypt, list-encode, client-parse");
        assertThatThrownBy(() -> InjectedCost.parse("list-encode=+5 parsecs")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> InjectedCost.parse("list-encode=+0")).hasMessageContaining("must be more than 0");
    }
}
