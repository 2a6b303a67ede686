"""PyTorch reference for the generator and its preview graph (the project's own module
definitions in tools/convert/stylegan2.py, independent of the TypeScript converter): loads
the g_ema of a StyleGAN2 checkpoint, runs the full generator and the generator stopped at
SIZE on a seeded W+ [2,18,512], and writes wplus, image and preview as raw float32 into OUT,
with info.json: the resolution and the bytes of the synthesis network's float32 tensors.

    python3 generator_reference.py CHECKPOINT SIZE OUT
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tools", "convert"))
import torch  # noqa: E402

from common import load_checkpoint, load_strict  # noqa: E402
from stylegan2 import Generator, GeneratorGraph, PreviewGraph, infer_resolution  # noqa: E402


def main():
    ck, size, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(out, exist_ok=True)
    state = load_checkpoint(ck)["g_ema"]
    res, cm = infer_resolution(state)
    gen = Generator(res, channel_multiplier=cm).eval()
    load_strict(gen, state, os.path.basename(ck), "StyleGAN2 generator")
    wplus = 0.5 * torch.randn(2, 18, 512, generator=torch.Generator().manual_seed(11))
    with torch.no_grad():
        image = GeneratorGraph(gen)(wplus)
        preview = PreviewGraph(gen, size)(wplus)
    for name, t in (("wplus", wplus), ("image", image), ("preview", preview)):
        with open(os.path.join(out, name + ".f32"), "wb") as f:
            f.write(t.contiguous().numpy().astype("float32").tobytes())
    synthesis = sum(v.numel() * 4 for k, v in state.items() if not k.startswith("style."))
    with open(os.path.join(out, "info.json"), "w") as f:
        json.dump({"resolution": res, "synthesisBytes": synthesis}, f)


if __name__ == "__main__":
    main()
