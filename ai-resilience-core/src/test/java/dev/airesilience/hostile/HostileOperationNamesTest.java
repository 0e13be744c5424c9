package dev.airesilience.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.exception.OperationLimitExceededException;
import dev.airesilience.time.ManualClock;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.junit.jupiter.api.Test;

class HostileOperationNamesTest {

    private final AIServiceResilience resilience = AIServiceResilience.builder().clock(new ManualClock()).build();

    @Test
    void emptyHugeAndControlCharacterNamesGetClearErrors() {
        assertThatThrownBy(() -> resilience.withOperationResilience(" ")).hasMessageContaining("not blank");
        assertThatThrownBy(() -> resilience.withOperationResilience("a".repeat(10 * 1024)))
                .hasMessageContaining("1 to 200 characters").hasMessageContaining("10240");
        assertThatThrownBy(() -> resilience.withOperationResilience("op\u0000")).hasMessageContaining("U+0000");
        assertThatThrownBy(() -> resilience.withOperationResilience("op\u202E")).hasMessageContaining("U+202E");
        assertThatThrownBy(() -> resilience.registerOperation("x\ty", null)).isInstanceOf(NullPointerException.class);
        assertThat(resilience.operations()).isEmpty();
    }

    @Test
    void aMillionDistinctNamesAreBoundedByTheCapAndMemoryStaysFlat() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        int accepted = 0;
        int rejected = 0;
        long afterCap = 0;
        for (int i = 0; i < 1_000_000; i++) {
            try {
                resilience.<String>withOperationResilience("user-supplied-" + i).call(() -> "ok");
                accepted++;
            } catch (OperationLimitExceededException e) {
                rejected++;
            }
            if (i == 20_000) {
                afterCap = retainedHeap(memory);
            }
        }
        long atEnd = retainedHeap(memory);
        assertThat(accepted).isEqualTo(AIServiceResilience.DEFAULT_MAX_OPERATIONS);
        assertThat(rejected).isEqualTo(1_000_000 - AIServiceResilience.DEFAULT_MAX_OPERATIONS);
        assertThat(resilience.operations()).hasSize(AIServiceResilience.DEFAULT_MAX_OPERATIONS);
        // 980,000 rejected names later, the heap has not grown (allowing 8 MB of GC noise).
        assertThat(atEnd - afterCap).isLessThan(8L * 1024 * 1024);
    }

    private static long retainedHeap(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
