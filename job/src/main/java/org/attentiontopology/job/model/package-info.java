/**
 * Loading transformer models with DJL and reading back every layer's and head's attention.
 *
 * <p>Entry points: {@link org.attentiontopology.job.model.spec.ModelSpecs#load(String)} reads a
 * model spec (a bundled name such as {@code all-minilm-l6-v2}, or the path of a HOCON file like
 * {@code conf/models/*.conf}); {@link org.attentiontopology.job.model.ModelCache#get} loads it once
 * per JVM as an {@link org.attentiontopology.job.model.AttentionModel}; and {@link
 * org.attentiontopology.job.model.AttentionModel#attend(java.util.List)} returns one {@link
 * org.attentiontopology.job.model.TextAttention} per input: tokens (word pieces, byte-level pieces,
 * or [CLS] and patch labels), ids, truncation, and attention [layer][head][from][to] with padding
 * removed and rows checked to sum to 1.
 *
 * <p>Sub-packages, one role each:
 *
 * <ul>
 *   <li>{@code spec}: what a model is (its HOCON spec, the files it names, the run's resolved
 *       models);
 *   <li>{@code family}: what differs between kinds of model. {@link
 *       org.attentiontopology.job.model.family.ModelKind} is the registry: each kind names one
 *       {@link org.attentiontopology.job.model.family.ModelFamily}, which checks a spec, reads its
 *       inputs (a tokenizer, or image preprocessing), chooses the translator that reads attention
 *       back, and loads the model. {@code family.text} holds encoders and decoders and the loading
 *       every text family shares, {@code family.longformer} and {@code family.vision} the others;
 *   <li>{@code onnx}: the graph surgery. ONNX exports return hidden states only, so {@link
 *       org.attentiontopology.job.model.onnx.AttentionExposure} rewrites a graph to output its
 *       attention Softmax nodes, written to a private folder under the work directory ({@code
 *       <workDir>/models/<name>-<hash>/model.onnx});
 *   <li>{@code engine}: how a model runs: ONNX Runtime, or TorchScript on PyTorch (told by the
 *       model file, {@link org.attentiontopology.job.model.engine.ModelEngine}), DJL's offline
 *       environment, the device of a Spark task, and the pool of predictors shared by task threads.
 * </ul>
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
