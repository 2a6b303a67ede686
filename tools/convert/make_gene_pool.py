"""Writes a small gene pool in the structure of the authors' geneFactorPool.pkl (for tests).

  /usr/bin/python3 tools/convert/make_gene_pool.py --out FILE [--groups "0-2-male-White:3,..."]

The authors' file is torch.save of a dict "{age}-{gender}-{race}" -> list of (mu, logvar)
tuples, each [1,18,34,512] float32, made by their gene encoder: mu and logvar are views
(einops rearrange) of the encoder's [1, 18*34*512] outputs. This file is built the same way.
Values are planted so a test can tell which entry a gene came from:
  mu[0, l, r, d] = v + r / 100 + 0.5 sin(0.1 v d), logvar = -6 (a small std), v = 1, 2, 3, ...
in file order (dimension 0 carries v + r / 100 exactly; the sine makes each entry decode to
its own face: a decoder normalises over the 512 dimensions, so constants would all look alike).
Writes FILE.json: [{"key", "index", "value"}] in file order.
"""
import argparse
import json

import torch

DEFAULT = "0-2-male-White:3,0-2-male-Black:2,0-2-female-White:1,20-29-female-East Asian:1,3-9-male-Latino_Hispanic:1"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--groups", default=DEFAULT)
    a = ap.parse_args()
    pool, planted, v = {}, [], 0
    region = (torch.arange(34, dtype=torch.float32) / 100).view(1, 1, 34, 1)
    dims = torch.arange(512, dtype=torch.float32).view(1, 1, 1, 512)
    for spec in a.groups.split(","):
        key, n = spec.rsplit(":", 1)
        pool[key] = []
        for i in range(int(n)):
            v += 1
            flat_mu = (torch.full((1, 18, 34, 512), float(v)) + region + 0.5 * torch.sin(0.1 * v * dims)).reshape(1, 18 * 34 * 512).clone()
            flat_lv = torch.full((1, 18 * 34 * 512), -6.0)
            pool[key].append((flat_mu.view(1, 18, 34, 512), flat_lv.view(1, 18, 34, 512)))
            planted.append({"key": key, "index": i, "value": v})
    torch.save(pool, a.out)
    with open(a.out + ".json", "w") as f:
        json.dump(planted, f)


if __name__ == "__main__":
    main()
