/**
 * Spark SQL functions over persistence diagrams; the only package of this module that touches
 * Spark.
 *
 * <p>A diagram column is {@code bars ARRAY<STRUCT<birth: DOUBLE, death: DOUBLE>>}, one row per
 * example, layer, head and homology dimension, with {@code death} NULL for an essential (never
 * dying) bar. Call {@link org.attentiontopology.sql.AttentionTopologyFunctions#register} once per
 * session to get:
 *
 * <ul>
 *   <li>{@code bottleneck_distance(bars_a, bars_b)} DOUBLE: exact bottleneck distance, L-infinity
 *       ground metric.
 *   <li>{@code wasserstein_distance(bars_a, bars_b, q)} DOUBLE: exact W_q for q >= 1, L-infinity
 *       ground metric, W_q = (min sum of cost^q)^(1/q), the gudhi/hera convention. Milliseconds for
 *       hundreds of bars, seconds at a few thousand.
 *   <li>{@code persistence_entropy(bars)} DOUBLE: Shannon entropy (natural log) of the normalised
 *       finite lengths; 0 when there is no finite bar of positive length.
 *   <li>{@code betti_number(bars, threshold)} INT: number of bars with birth <= threshold < death
 *       (essential bars count as alive).
 *   <li>{@code total_persistence(bars)} DOUBLE, {@code max_persistence(bars)} DOUBLE: sum and
 *       maximum of finite lengths (0 when none).
 *   <li>{@code bar_count(bars)} INT: number of bars, essential ones included.
 * </ul>
 *
 * <p>Conventions. A NULL argument gives NULL. Both diagrams passed to a distance must be of the
 * same homology dimension (join on {@code dim}); the functions cannot check it. When the diagrams
 * have different numbers of essential bars the distance is mathematically +infinity; the functions
 * return NULL instead, because Parquet readers and BI tools handle NULL far better than an IEEE
 * infinity, and an infinite distance is not a useful sort key. To tell this case apart from a NULL
 * input, compare {@code size(filter(bars, x -> x.death IS NULL))} on both sides. NULL comes back
 * for a NULL argument and for an infinite distance, never otherwise: a malformed argument (a bars
 * value that is not an array of structs, a NULL element or birth, NaN, death before birth, a
 * coordinate beyond +-1e300, a NaN or non-numeric q or threshold) fails the query with a message
 * naming the argument and, for bars, the array index. {@code q} = +Infinity gives the bottleneck
 * distance; large orders and extreme coordinates are computed in units of the bottleneck distance
 * ({@link org.attentiontopology.diagram.WassersteinDistance}), so they give the value, not 0 or
 * NULL.
 */
package org.attentiontopology.sql;
