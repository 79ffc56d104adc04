package dev.lmql.constraint;

import java.util.List;

/** Cuts a raw value at its first stop phrase, the way {@link StopCombiner}'s automaton decides completion. */
final class StopPhrases {
    private StopPhrases() {
    }

    static String apply(String raw, List<Terms.Stop> stops) {
        if (stops.isEmpty()) {
            return raw;
        }
        for (int end = 1; end <= raw.length(); end++) {
            Terms.Stop best = null;
            for (Terms.Stop stop : stops) {
                String p = stop.phrase();
                if (end >= p.length() && raw.startsWith(p, end - p.length())
                        && (best == null || p.length() > best.phrase().length())) {
                    best = stop;
                }
            }
            if (best != null) {
                return best.keep() ? raw.substring(0, end) : raw.substring(0, end - best.phrase().length());
            }
        }
        return raw;
    }
}
