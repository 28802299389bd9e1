#!/usr/bin/env python3
"""Exports a HuggingFace model to ONNX with eager attention, ready for attention-topology, and writes its spec.

Needs internet (or a HuggingFace cache) and: pip install torch transformers onnx
Usage:
    scripts/export-hf-model.py MODEL_ID OUT_DIR [--kind auto|encoder|decoder|vision|longformer]
                               [--max-length N] [--opset 17] [--name NAME] [--global-tokens 0,-1]
Examples:
    scripts/export-hf-model.py bert-base-uncased models/bert
    scripts/export-hf-model.py roberta-base models/roberta
    scripts/export-hf-model.py gpt2 models/gpt2
    scripts/export-hf-model.py google/vit-base-patch16-224 models/vit
    scripts/export-hf-model.py allenai/longformer-base-4096 models/longformer
Then: attention-topology run --model OUT_DIR/NAME.conf --corpus ... --out ...

Writes OUT_DIR/model.onnx, OUT_DIR/tokenizer.json (text models) and OUT_DIR/NAME.conf. The attention must stay
unfused: the model is loaded with attn_implementation="eager" (no SDPA / flash kernels), and the export is not run
through ONNX Runtime's transformer optimizer, so every layer keeps a Softmax node the job can expose.

Longformer: the export takes input_ids, attention_mask and global_attention_mask, and keeps per layer the two Softmax
nodes of LongformerSelfAttention that the job reads: banded local attention [batch, T, heads, x + w + 1] and global
attention [batch * heads, x, T]. The example input is one attention window long (so HuggingFace's padding to the
window is not traced; the job pads every batch itself) and marks the --global-tokens positions global: the global
branch is traced only when some token is global, and the tracer may record the number of global tokens as a
constant, so the spec's global_tokens are written to match and should be changed only with a new export.
config.onnx_export is set, HuggingFace's switch to chunking ops that ONNX can express.
"""
import argparse
import os
import sys

KINDS = {
    "bert": "encoder", "roberta": "encoder", "distilbert": "encoder", "xlm-roberta": "encoder",
    "electra": "encoder", "albert": "encoder", "mpnet": "encoder", "deberta": "encoder",
    "gpt2": "decoder", "gpt_neo": "decoder", "gptj": "decoder", "opt": "decoder",
    "vit": "vision", "deit": "vision",
    "longformer": "longformer",
}


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model_id")
    parser.add_argument("out_dir")
    parser.add_argument("--kind", default="auto", choices=["auto", "encoder", "decoder", "vision", "longformer"])
    parser.add_argument("--max-length", type=int, default=0,
                        help="longest input in tokens; default: min(512, the model's position limit)")
    parser.add_argument("--opset", type=int, default=17)
    parser.add_argument("--name", default=None, help="the model's name in tables; default: from the model id")
    parser.add_argument("--global-tokens", default="0",
                        help="longformer: comma-separated token positions with global attention (negative: from the"
                             " end); default 0, the <s> token")
    return parser.parse_args()


def spec_name(model_id):
    return "".join(c if c.isalnum() or c in "._-" else "-" for c in model_id.split("/")[-1]).lower()


def main():
    args = parse_arguments()
    import torch
    import transformers
    from transformers import AutoConfig, AutoModel

    config = AutoConfig.from_pretrained(args.model_id)
    kind = KINDS.get(config.model_type) if args.kind == "auto" else args.kind
    if kind is None:
        sys.exit(f"model type {config.model_type!r} is not known: pass --kind encoder|decoder|vision|longformer")
    name = args.name or spec_name(args.model_id)
    os.makedirs(args.out_dir, exist_ok=True)
    onnx_path = os.path.join(args.out_dir, "model.onnx")
    model_kwargs = {"attn_implementation": "eager"}
    if kind == "decoder":
        model_kwargs["use_cache"] = False  # no past_key_values inputs or outputs
    model = AutoModel.from_pretrained(args.model_id, **model_kwargs).eval()
    layers = config.num_hidden_layers if hasattr(config, "num_hidden_layers") else config.n_layer
    heads = config.num_attention_heads if hasattr(config, "num_attention_heads") else config.n_head
    positions = getattr(config, "max_position_embeddings", None) or getattr(config, "n_positions", 512)
    if config.model_type in ("roberta", "xlm-roberta", "longformer"):
        positions -= 2  # RoBERTa-style position ids start after the padding index
    spec = {"name": name, "kind": kind, "onnx": "model.onnx", "layers": layers, "heads": heads}

    if kind == "vision":
        from transformers import AutoImageProcessor
        processor = AutoImageProcessor.from_pretrained(args.model_id)
        size = config.image_size
        dummy = torch.zeros(1, 3, size, size)
        torch.onnx.export(model, (dummy,), onnx_path, input_names=["pixel_values"],
                          output_names=["last_hidden_state"], opset_version=args.opset,
                          dynamic_axes={"pixel_values": {0: "batch"}, "last_hidden_state": {0: "batch"}})
        tokens = 1 + (size // config.patch_size) ** 2
        spec.update({"max_length": tokens, "max_positions": tokens, "image": {
            "size": size, "patch_size": config.patch_size, "resize": size,
            "mean": list(processor.image_mean), "std": list(processor.image_std)}})
    else:
        from transformers import AutoTokenizer
        tokenizer = AutoTokenizer.from_pretrained(args.model_id, use_fast=True)
        if not tokenizer.is_fast:
            sys.exit("no fast tokenizer (tokenizer.json) for this model: the job needs one")
        tokenizer.backend_tokenizer.save(os.path.join(args.out_dir, "tokenizer.json"))
        names = ["input_ids", "attention_mask"]
        if kind == "longformer":
            window = longformer_window(config)
            global_tokens = [int(p) for p in args.global_tokens.split(",")]
            model.config.onnx_export = True
            # One window long, so that LongformerModel's padding to the window is not part of the trace.
            encoded = tokenizer(["attention topology"], return_tensors="pt", padding="max_length", max_length=window)
            length = int(encoded["attention_mask"].sum())
            global_mask = torch.zeros_like(encoded["input_ids"])
            for p in global_tokens:
                if not -length <= p < length:
                    sys.exit(f"--global-tokens position {p} lies outside the {length} tokens of the example input")
                global_mask[0, p % length] = 1
            encoded["global_attention_mask"] = global_mask
            names.append("global_attention_mask")
        else:
            encoded = tokenizer(["attention topology"], return_tensors="pt")
        if kind == "encoder" and "token_type_ids" in encoded:
            names.append("token_type_ids")
        inputs = tuple(encoded[n] for n in names)
        dynamic = {n: {0: "batch", 1: "sequence"} for n in names}
        dynamic["last_hidden_state"] = {0: "batch", 1: "sequence"}

        class Wrapper(torch.nn.Module):
            """Fixes the argument order and returns only the hidden states."""

            def __init__(self, inner):
                super().__init__()
                self.inner = inner

            def forward(self, *tensors):
                return self.inner(**dict(zip(names, tensors)), return_dict=True).last_hidden_state

        torch.onnx.export(Wrapper(model), inputs, onnx_path, input_names=names,
                          output_names=["last_hidden_state"], dynamic_axes=dynamic, opset_version=args.opset)
        spec["tokenizer"] = "tokenizer.json"
        spec["max_length"] = args.max_length or min(512, positions)
        spec["max_positions"] = positions
        if kind == "longformer":
            # The job pads batches to a multiple of the window, and the padding needs positions too.
            spec["max_length"] = min(spec["max_length"], positions // window * window)
            spec["attention_window"] = window
            spec["global_tokens"] = global_tokens
            spec["pad_token_id"] = config.pad_token_id
            check_longformer_export(onnx_path, layers)

    write_spec(os.path.join(args.out_dir, name + ".conf"), spec, args.model_id, transformers.__version__)
    print(f"wrote {onnx_path} and {os.path.join(args.out_dir, name + '.conf')}")


def longformer_window(config):
    """The one attention window of every layer: the job, like HuggingFace's padding, uses a single window."""
    windows = config.attention_window if isinstance(config.attention_window, list) else [config.attention_window]
    if len(set(windows)) != 1:
        sys.exit(f"attention_window differs between layers ({windows}): the job supports one window for all layers")
    return windows[0]


def check_longformer_export(onnx_path, layers):
    """Two Softmax nodes per layer (local and global), as the job expects; fails here rather than at load."""
    import onnx
    softmaxes = sum(node.op_type == "Softmax" for node in onnx.load(onnx_path, load_external_data=False).graph.node)
    if softmaxes != 2 * layers:
        sys.exit(f"{onnx_path} has {softmaxes} Softmax nodes, not 2 x {layers} layers (banded local and global"
                 " attention per layer): the job cannot read its attention")


def hocon(value):
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(hocon(v) for v in value) + "]"
    return str(value)


def write_spec(path, spec, model_id, version):
    lines = [f"# {model_id}, exported by scripts/export-hf-model.py (transformers {version}) with eager attention.",
             "# Paths are relative to this file's folder."]
    if spec["kind"] == "vision":
        lines.append("# Images: shorter side resized to image.resize, centre crop of image.size (HuggingFace's ViT "
                     "processor squashes to a square instead; crop first for identical inputs).")
    if spec["kind"] == "longformer":
        lines.append("# The job feeds global_attention_mask at global_tokens and expands the banded attention to T x T."
                     " global_tokens was fixed by the export's example input: change it only with a new export.")
    for key, value in spec.items():
        if isinstance(value, dict):
            lines.append(key + " {")
            lines.extend(f"  {k} = {hocon(v)}" for k, v in value.items())
            lines.append("}")
        else:
            lines.append(f"{key} = {hocon(value)}")
    lines += ["inference {", "  intra_op_threads = 1", "  batch_size = 8", "  predictors = 2", "}",
              "checks {", "  row_sum_tolerance = 1e-4", "}"]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
