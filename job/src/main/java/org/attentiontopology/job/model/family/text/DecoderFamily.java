package org.attentiontopology.job.model.family.text;

/**
 * Causal text decoders (GPT-2 and the like). They are read exactly as encoders are: the causal mask
 * is inside the graph (rows come out lower-triangular), and byte-level BPE pieces without
 * [CLS]/[SEP] come from the spec's tokenizer.json, so nothing here differs but the kind's name.
 */
public final class DecoderFamily extends EncoderFamily {}
