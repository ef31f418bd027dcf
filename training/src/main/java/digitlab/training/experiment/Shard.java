package digitlab.training.experiment;

import digitlab.core.cli.UsageException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --shard i/N}: the i-th of N shares of an experiment's stacks (i from 0, as a Kubernetes
 * Indexed Job's completion index). Stacks are dealt round-robin, so shares differ by one stack at most
 * and every shard computes the same plan: N shards together train exactly what one run trains.
 */
public record Shard(int index, int count) {
    public static final Shard WHOLE = new Shard(0, 1);

    public static Shard parse(String text) {
        String[] parts = text.split("/", -1);
        try {
            if (parts.length == 2) {
                Shard s = new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
                if (s.count >= 1 && s.index >= 0 && s.index < s.count) {
                    return s;
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the sentence below
        }
        throw new UsageException("--shard takes i/N with 0 <= i < N (e.g. 0/4), not '" + text + "'");
    }

    /** This shard's stack indices out of {@code stacks}. */
    public List<Integer> stacksOf(int stacks) {
        List<Integer> mine = new ArrayList<>();
        for (int k = index; k < stacks; k += count) {
            mine.add(k);
        }
        return mine;
    }

    public boolean isWhole() {
        return count == 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
