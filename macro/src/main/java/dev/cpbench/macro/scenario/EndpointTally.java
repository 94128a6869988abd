package dev.cpbench.macro.scenario;

import dev.cpbench.macro.common.ErrorTally;
import java.util.concurrent.atomic.LongAdder;

/**
 * What listing through one endpoint achieved: objects read, pages, lists (complete, or broken: given up
 * failed), attempts at them (a retried list is one list and several attempts), errors.
 */
final class EndpointTally {
    final String endpoint;
    final LongAdder objectReads = new LongAdder();
    final LongAdder pages = new LongAdder();
    final LongAdder completeLists = new LongAdder();
    final LongAdder brokenLists = new LongAdder();
    final LongAdder attempts = new LongAdder();
    final LongAdder retries = new LongAdder();
    final ErrorTally errors = new ErrorTally();

    EndpointTally(String endpoint) {
        this.endpoint = endpoint;
    }

    long lists() {
        return completeLists.sum() + brokenLists.sum();
    }
}
