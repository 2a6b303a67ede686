"""PyTorch outputs of the e4e encoder module (tools/convert/e4e.py) on fixed inputs, without
an ONNX export (which takes minutes): a fast reference for the TypeScript converter's encoder.

  /usr/bin/python3 tools/convert/e4e_reference.py CHECKPOINT RESOLUTION OUTDIR
writes OUTDIR/e4e.input.image.f32 [2,3,256,256] and OUTDIR/e4e.output.wplus.f32 [2,18,512].
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402

from common import load_checkpoint, load_strict  # noqa: E402
from e4e import Encoder4Editing  # noqa: E402


def main():
    path, res, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    ck = load_checkpoint(path)
    enc = Encoder4Editing(stylegan_size=res).eval()
    load_strict(enc, ck["state_dict"], os.path.basename(path), "e4e encoder", prefix="encoder.")
    img = torch.rand(2, 3, 256, 256, generator=torch.Generator().manual_seed(11)) * 2 - 1
    with torch.no_grad():
        w = enc(img)
    os.makedirs(out, exist_ok=True)
    img.numpy().tofile(os.path.join(out, "e4e.input.image.f32"))
    w.numpy().tofile(os.path.join(out, "e4e.output.wplus.f32"))


if __name__ == "__main__":
    main()
