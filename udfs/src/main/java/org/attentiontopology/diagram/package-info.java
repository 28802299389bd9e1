/**
 * Comparison and summary of persistence diagrams.
 *
 * <ul>
 *   <li>{@link org.attentiontopology.diagram.BottleneckDistance} and {@link
 *       org.attentiontopology.diagram.WassersteinDistance}: exact distances between two diagrams of
 *       one homology dimension, L-infinity ground metric, diagonal projections allowed (the gudhi
 *       and hera conventions; checked against them by the fixtures of
 *       scripts/fixtures/make-diagram-fixtures.py).
 *   <li>{@link org.attentiontopology.diagram.DiagramStatistics} and {@link
 *       org.attentiontopology.diagram.BarcodeFeatures}: summary numbers per diagram.
 *   <li>{@link org.attentiontopology.diagram.PersistenceLandscape} and {@link
 *       org.attentiontopology.diagram.PersistenceImage}: fixed-length vectors for tables and BI
 *       tools.
 *   <li>{@link org.attentiontopology.diagram.DiagramText}: the "birth death" text format.
 * </ul>
 *
 * <p>Essential bars (death +infinity) are matched only with essential bars: a distance is +infinity
 * when the two diagrams have different numbers of them. Length statistics leave them out.
 */
package org.attentiontopology.diagram;
