package dev.cpbench.macro.scenario;

import dev.cpbench.macro.ErrorTally;
import java.util.concurrent.atomic.LongAdder;

/** What listing through one endpoint achieved: objects read, pages, full lists, errors. */
final class EndpointTally {
    final String endpoint;
    final LongAdder objectReads = new LongAdder();
    final LongAdder pages = new LongAdder();
    final LongAdder completeLists = new LongAdder();
    final LongAdder brokenLists = new LongAdder();
    final ErrorTally errors = new ErrorTally();

    EndpointTally(String endpoint) {
        this.endpoint = endpoint;
    }
}
