"""Writes random-weight checkpoints in the official file layouts (for tests and timing).

  /usr/bin/python3 tools/convert/make_random.py --out DIR [--resolution 32] [--no-e4e] [--no-fairface]
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402

from stylegan2 import Generator  # noqa: E402
from e4e import Encoder4Editing  # noqa: E402
from stylegene import GeneEncoder, GeneDecoder  # noqa: E402
from fairface import ResNet34  # noqa: E402
from convert import FILES  # noqa: E402


def randomize(m, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in m.named_parameters():
            if name.endswith("noise.weight"):
                p.copy_(0.1 * torch.randn(p.shape, generator=g))  # exercise the noise path
            elif "to_rgb" in name and name.endswith("conv.weight"):
                p.mul_(0.15)  # keep random images mostly inside [-1,1], so the clamp hides no error
            elif "bias" in name and p.dim() == 1 and ("activate" in name or "style." in name):
                p.copy_(0.1 * torch.randn(p.shape, generator=g))
        for name, b in m.named_buffers():
            if name.endswith("running_var"):
                b.copy_(0.5 + torch.rand(b.shape, generator=g))
            elif name.endswith("running_mean"):
                b.copy_(0.1 * torch.randn(b.shape, generator=g))
    return m


def prefixed(sd, p):
    return {p + k: v for k, v in sd.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--resolution", type=int, default=32)
    ap.add_argument("--N", type=int, default=18, help="StyleGene N (18 official; others make a wrong checkpoint)")
    ap.add_argument("--no-e4e", action="store_true")
    ap.add_argument("--no-fairface", action="store_true")
    a = ap.parse_args()
    torch.manual_seed(0)
    os.makedirs(a.out, exist_ok=True)
    out = lambda k: os.path.join(a.out, FILES[k])  # noqa: E731
    g = randomize(Generator(a.resolution), 1)
    # convert_weight.py layout: {'g_ema': state_dict, 'latent_avg': [512]}
    torch.save({"g_ema": g.state_dict(), "latent_avg": 0.1 * torch.randn(512)}, out("stylegan2"))
    if not a.no_e4e:
        enc = randomize(Encoder4Editing(a.resolution), 2)
        # e4e training checkpoint layout: encoder./decoder. keys, latent_avg [18,512], opts.
        sd = {**prefixed(enc.state_dict(), "encoder."), **prefixed(g.state_dict(), "decoder.")}
        n = 2 * (a.resolution.bit_length() - 1) - 2
        torch.save({"state_dict": sd, "latent_avg": 0.1 * torch.randn(n, 512),
                    "opts": {"encoder_type": "Encoder4Editing", "stylegan_size": a.resolution}}, out("e4e"))
    lge, dec = randomize(GeneEncoder(a.N), 3), randomize(GeneDecoder(a.N), 4)
    torch.save({"state_dict": {**prefixed(lge.state_dict(), "w2sub34."), **prefixed(dec.state_dict(), "sub2w.")}},
               out("stylegene"))
    if not a.no_fairface:
        torch.save(randomize(ResNet34(18), 5).state_dict(), out("fairface"))
    print(f"random checkpoints in {a.out}")


if __name__ == "__main__":
    main()
