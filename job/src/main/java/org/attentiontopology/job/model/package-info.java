/**
 * Loading transformer models with DJL on ONNX Runtime and reading back every layer's and head's
 * attention.
 *
 * <p>Entry points: {@link org.attentiontopology.job.model.spec.ModelSpecs#load(String)} reads a
 * model spec (a bundled name such as {@code all-minilm-l6-v2}, or the path of a HOCON file like
 * {@code conf/models/*.conf}); {@link org.attentiontopology.job.model.ModelCache#get} loads it once
 * per JVM as an {@link org.attentiontopology.job.model.AttentionModel} chosen by the spec's kind
 * (encoders, decoders and Longformers: {@link
 * org.attentiontopology.job.model.family.text.TextAttentionModel}; vision transformers: {@link
 * org.attentiontopology.job.model.family.vision.ImageAttentionModel}, whose inputs are image
 * files); and {@link org.attentiontopology.job.model.AttentionModel#attend(java.util.List)} returns
 * one {@link org.attentiontopology.job.model.TextAttention} per input: tokens (word pieces,
 * byte-level pieces, or [CLS] and patch labels), ids, truncation, and attention
 * [layer][head][from][to] with padding removed and rows checked to sum to 1. A Longformer's banded
 * local and global attention are expanded to full rows ({@code LongformerTranslator}, {@link
 * org.attentiontopology.job.model.family.longformer.LongformerAttention}).
 *
 * <p>How: ONNX exports return hidden states only, so {@link
 * org.attentiontopology.job.model.onnx.AttentionExposure} rewrites the graph to output its
 * attention Softmax nodes, and writes it to a private folder under the work directory ({@code
 * <workDir>/models/<name>-<hash>/model.onnx}). The package-private {@code AttentionTranslator} (a
 * DJL translator) batches by itself (the ONNX Runtime engine cannot stack arrays) and cuts each
 * text's T x T blocks out of the padded tensors.
 *
 * <p>Environment: DJL must run offline with the natives from its Maven jars. {@link
 * org.attentiontopology.job.model.engine.DjlEnvironment#prepare} sets {@code ai.djl.offline=true},
 * {@code ai.djl.default_engine=OnnxRuntime} and a writable {@code DJL_CACHE_DIR} ({@code
 * <workDir>/djl-cache}) unless they are already set; set them yourself (system properties, or the
 * {@code DJL_CACHE_DIR} environment variable) to choose other values.
 *
 * <p>Lengths: a spec's {@code max_length} counts special tokens; longer texts keep their first
 * tokens and the closing [SEP], and are flagged as truncated with their untruncated length, unless
 * the job splits them into windows first ({@code inference.long-texts = window}: {@code
 * stages.TextWindows}, with the spec's tokenizer from {@link
 * org.attentiontopology.job.model.family.text.SpecTokenizers}). The bundled specs use 256 (MiniLM
 * was trained at 256; both models' position embeddings stop at 512, the hard cap {@code
 * max_positions}).
 */
package org.attentiontopology.job.model;
