/**
 * Token-level attention statistics in plain Java (no Spark), for one example's attention matrices.
 *
 * <p>Conventions: one head's attention on one example is a {@code float[T][T]} {@code a}, row i the
 * distribution of token i's attention over positions (rows sum to 1; causal models have zeros above
 * the diagonal); all heads are {@code float[layers][heads][T][T]}. Tokens are the tokenizer's
 * pieces ({@code [CLS]}, {@code ##ing}, {@code Ġthe}, {@code </s>}). Every routine is
 * deterministic: fixed iteration order, sums in double.
 *
 * <ul>
 *   <li>{@link org.attentiontopology.tokens.TopAttended}: each row's top-k positions and weights
 *       (top_attended).
 *   <li>{@link org.attentiontopology.tokens.ReceivedAttention}: column sums per head and weighted
 *       over heads (token_attention).
 *   <li>{@link org.attentiontopology.tokens.HeadImportance}: a layers x heads weight matrix from
 *       CSV, JSON or .npy.
 *   <li>{@link org.attentiontopology.tokens.AttentionPatterns} with {@link
 *       org.attentiontopology.tokens.TokenClasses}: Clark et al. 2019 statistics and Kushnareva et
 *       al. 2021 template distances per head (head_stats).
 *   <li>{@link org.attentiontopology.tokens.WordPooling}: word-level attention from piece-level
 *       attention.
 *   <li>{@link org.attentiontopology.tokens.AttentionEdges}: the thresholded sparse attention graph
 *       (attention_edges).
 *   <li>{@link org.attentiontopology.tokens.TextHeatmap}: HTML and LaTeX heat maps of weighted
 *       tokens.
 * </ul>
 */
package org.attentiontopology.tokens;
