package dev.lmql.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed query template: text, holes, parameter interpolations and role tags, in source order.
 * Equality ignores source positions.
 */
public record Template(List<TemplatePart> parts) {

    /** Copies the part list. */
    public Template {
        parts = List.copyOf(parts);
    }

    /** The holes in source order (a name declared twice appears twice; the checker reports it). */
    public List<TemplatePart.Hole> holes() {
        List<TemplatePart.Hole> holes = new ArrayList<>();
        for (TemplatePart part : parts) {
            if (part instanceof TemplatePart.Hole hole) {
                holes.add(hole);
            }
        }
        return holes;
    }

    /** The names of the holes in source order, without duplicates. */
    public List<String> holeNames() {
        List<String> names = new ArrayList<>();
        for (TemplatePart.Hole hole : holes()) {
            if (!names.contains(hole.name())) {
                names.add(hole.name());
            }
        }
        return names;
    }

    /** The first hole with the given name. */
    public Optional<TemplatePart.Hole> hole(String name) {
        return holes().stream().filter(h -> h.name().equals(name)).findFirst();
    }

    /** The parameter interpolations in source order. */
    public List<TemplatePart.Interpolation> interpolations() {
        List<TemplatePart.Interpolation> result = new ArrayList<>();
        for (TemplatePart part : parts) {
            if (part instanceof TemplatePart.Interpolation interpolation) {
                result.add(interpolation);
            }
        }
        return result;
    }

    /** Source text that parses back to an equal template. */
    public String toSource() {
        return LmqlPrinter.print(this);
    }
}
