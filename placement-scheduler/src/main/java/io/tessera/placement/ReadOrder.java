package io.tessera.placement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Orders the holders of a block best first for a reader: the same host, then the same rack, then the
 * same zone, then the rest. Flight endpoints and Hadoop block locations list hosts in this order, so
 * readers and schedulers try the closest copy first.
 */
public final class ReadOrder {
    /** How far a holder is from a reader, nearest first. */
    public enum Proximity {
        SAME_HOST,
        SAME_RACK,
        SAME_ZONE,
        REMOTE
    }

    private ReadOrder() {}

    public static Proximity proximity(Location reader, Location holder) {
        if (reader.host().equals(holder.host())) {
            return Proximity.SAME_HOST;
        }
        if (reader.rack() == null || holder.rack() == null) {
            return Proximity.REMOTE;
        }
        if (reader.rack().equals(holder.rack())) {
            return Proximity.SAME_RACK;
        }
        return reader.rack().zone().equals(holder.rack().zone()) ? Proximity.SAME_ZONE : Proximity.REMOTE;
    }

    /**
     * {@code holders} sorted by their proximity to {@code reader}; holders equally close keep their order,
     * so the result is deterministic and a caller may rotate ties itself to spread load.
     */
    public static <T> List<T> bestFirst(
            Location reader, Collection<? extends T> holders, Function<? super T, Location> locationOf) {
        Objects.requireNonNull(reader, "reader");
        List<T> sorted = new ArrayList<>(holders);
        sorted.sort(Comparator.comparing(holder -> proximity(reader, locationOf.apply(holder))));
        return sorted;
    }
}
