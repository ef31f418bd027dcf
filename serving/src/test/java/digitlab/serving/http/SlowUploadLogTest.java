package digitlab.serving.http;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class SlowUploadLogTest {
    @Test
    void a_thousand_bodies_cut_off_make_one_summary_line_and_none_after_it_until_the_next_cut_off() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            SlowUploadLog log = new SlowUploadLog(timer);
            for (int i = 0; i < 1000; i++) {
                log.cutOff();
            }
            String summary = log.takeSummary();
            assertTrue(summary.startsWith("Request bodies cut off (408) for arriving slower than 4096 bytes per second")
                    && summary.endsWith(": 1000."), summary);
            assertNull(log.takeSummary());
            log.cutOff();
            assertTrue(log.takeSummary().endsWith(": 1."));
        } finally {
            timer.shutdownNow();
        }
    }
}
