package digitlab.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {
    @TempDir
    Path dir;

    private MetricsCsv.Rows read(String text) throws IOException {
        Files.writeString(dir.resolve(MetricsCsv.FILE_NAME), text);
        return MetricsCsv.read(dir);
    }

    @Test
    void reads_every_row_of_a_whole_file() throws IOException {
        MetricsCsv.Rows result = read("epoch,train_loss,train_acc,test_acc,gap\n0,2.3,11.5,10.2,1.3\n1,2.1,20,18.5,1.5\n");
        assertNull(result.problem());
        assertEquals(2, result.rows().size());
        assertEquals(new EpochMetrics(1, 2.1, 20, 18.5), result.rows().get(1));
    }

    @Test
    void keeps_the_rows_before_a_half_written_last_line() throws IOException {
        MetricsCsv.Rows result = read("epoch,train_loss,train_acc,test_acc,gap\n0,2.3,11.5,10.2,1.3\n1,2.1,2");
        assertEquals(1, result.rows().size());
        assertTrue(result.problem().contains("line 3"), result.problem());
    }

    @Test
    void stops_at_a_row_out_of_order() throws IOException {
        MetricsCsv.Rows result = read("epoch,train_loss,train_acc,test_acc,gap\n0,2.3,11.5,10.2,1.3\n5,2.1,20,18.5,1.5\n");
        assertEquals(1, result.rows().size());
        assertTrue(result.problem().contains("out of order"));
    }

    @Test
    void reports_a_wrong_header_and_a_missing_file() throws IOException {
        assertTrue(read("epoch,loss\n0,1\n").problem().contains("header"));
        assertTrue(MetricsCsv.read(dir.resolve("elsewhere")).problem().contains("missing"));
    }

    @Test
    void a_row_written_is_a_row_read() throws IOException {
        EpochMetrics m = new EpochMetrics(0, 0.123456, 99.5, 80.25);
        try (MetricsCsv csv = new MetricsCsv(dir, false)) {
            csv.append(m);
        }
        EpochMetrics back = MetricsCsv.read(dir).rows().get(0);
        assertEquals(m, back);
        assertEquals(19.25, back.gap(), 1e-9);
    }
}
