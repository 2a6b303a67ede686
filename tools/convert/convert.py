"""Converts the official StyleGene checkpoints into a Kinship Studio model pack.

Usage (normally through `npm run convert`, which also runs the parity check):
  /usr/bin/python3 tools/convert/convert.py --checkpoints DIR --out PACKDIR --parity-dir DIR
    [--resolution auto|N] [--trust-pickle]

Writes mapping/generator/encoder/lge/decoder/attributes .onnx (opset 17, batch axis 'B')
and manifest.json, plus, under --parity-dir, fixed inputs and PyTorch outputs as raw
float32 files with parity.json describing them (parity.ts runs the graphs on them).
"""
import argparse
import json
import os
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import torch  # noqa: E402

from common import ConvertError, load_checkpoint, load_strict  # noqa: E402
from stylegan2 import Generator, GeneratorGraph, PreviewGraph, infer_resolution  # noqa: E402
from shared_weights import share_weights  # noqa: E402
from e4e import Encoder4Editing  # noqa: E402
from stylegene import GeneEncoder, GeneDecoder  # noqa: E402
from fairface import ResNet34, AttributesGraph  # noqa: E402

FILES = {
    "stylegan2": "stylegan2-ffhq-config-f.pt",
    "e4e": "e4e_ffhq_encode.pt",
    "stylegene": "stylegene_N18.ckpt",
    "fairface": "res34_fair_align_multi_7_20190809.pt",
}
OPSET = 17
# The live preview's resolution (io.generatorPreview): StyleGAN2's RGB skip image at 256.
PREVIEW = 256
LICENSE = (
    "Non-commercial research use only. Converted from: StyleGAN2 FFHQ config-f weights "
    "(NVIDIA Source Code License-NC, non-commercial; converted by rosinality/stylegan2-pytorch); "
    "e4e FFHQ encoder (omertov/encoder4editing, MIT code, weights trained on FFHQ: CC BY-NC-SA 4.0 dataset); "
    "StyleGene LGE and gene decoder (CVI-SZU/StyleGene, academic research only, commercial use prohibited); "
    "FairFace ResNet-34 (dchen236/FairFace, CC BY 4.0). See docs/stylegene-pack.md."
)


def log(msg):
    print(msg, flush=True)


def state_dict_of(obj, file_name, key=None):
    if not isinstance(obj, dict):
        raise ConvertError(f"{file_name}: expected a dict checkpoint, found {type(obj).__name__}")
    if key is not None:
        if key not in obj:
            raise ConvertError(f"{file_name}: missing top-level key '{key}' (found: {', '.join(map(str, list(obj)[:8]))})")
        obj = obj[key]
    elif "state_dict" in obj and isinstance(obj["state_dict"], dict):
        obj = obj["state_dict"]
    if not isinstance(obj, dict):
        raise ConvertError(f"{file_name}: '{key}' is not a state dict")
    return obj


def export(model, args, path, input_names, output_names):
    t0 = time.time()
    dyn = {n: {0: "B"} for n in input_names + output_names}
    with torch.no_grad():
        torch.onnx.export(model, args, path, opset_version=OPSET, input_names=input_names,
                          output_names=output_names, dynamic_axes=dyn, do_constant_folding=True)
    log(f"  exported {os.path.basename(path)} ({os.path.getsize(path) / 2**20:.1f} MiB, {time.time() - t0:.1f}s)")


def save_raw(t, path):
    t.detach().to(torch.float32).contiguous().numpy().tofile(path)


class Parity:
    """Fixed inputs and PyTorch outputs for the Node-side comparison."""

    def __init__(self, root):
        self.root = root
        self.graphs = []
        os.makedirs(root, exist_ok=True)

    def add(self, role, onnx_file, inputs, outputs):
        entry = {"role": role, "file": onnx_file, "inputs": [], "outputs": []}
        for kind, items in (("inputs", inputs), ("outputs", outputs)):
            for name, t in items.items():
                p = os.path.join(self.root, f"{role}.{kind[:-1]}.{name}.f32")
                save_raw(t, p)
                entry[kind].append({"name": name, "shape": list(t.shape), "path": p})
        self.graphs.append(entry)

    def write(self, extra):
        with open(os.path.join(self.root, "parity.json"), "w") as f:
            json.dump({"graphs": self.graphs, **extra}, f, indent=1)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoints", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--parity-dir", required=True)
    ap.add_argument("--resolution", default="auto")
    ap.add_argument("--trust-pickle", action="store_true", help="allow checkpoints with pickled objects besides tensors")
    ap.add_argument("--wavg-samples", type=int, default=10000)
    a = ap.parse_args(argv)
    torch.set_num_threads(os.cpu_count() or 1)
    # The exporter's constant-folding/shape-inference notes are not actionable for users.
    warnings.filterwarnings("ignore", category=UserWarning)
    torch.manual_seed(0)
    ck = lambda k: os.path.join(a.checkpoints, FILES[k])  # noqa: E731
    os.makedirs(a.out, exist_ok=True)
    par = Parity(a.parity_dir)
    t_start = time.time()

    # ---- phase 1: read and check every checkpoint, so a bad file fails before any long export
    for k in ("stylegan2", "stylegene"):
        if not os.path.isfile(ck(k)):
            raise ConvertError(f"{FILES[k]}: file not found in {a.checkpoints} (required; see docs/stylegene-pack.md)")

    log(f"loading {FILES['stylegan2']}")
    sg = load_checkpoint(ck("stylegan2"), a.trust_pickle)
    g_state = state_dict_of(sg, FILES["stylegan2"], "g_ema")
    auto_res, cm = infer_resolution(g_state)
    if a.resolution == "auto":
        if auto_res is None:
            raise ConvertError(f"{FILES['stylegan2']}: missing key 'to_rgbs.0.conv.weight' - not a StyleGAN2 generator")
        res = auto_res
    else:
        res = int(a.resolution)
    gen = Generator(res, channel_multiplier=cm).eval()
    load_strict(gen, g_state, FILES["stylegan2"], f"StyleGAN2 generator at {res}x{res}")
    log(f"  generator {res}x{res}, channel multiplier {cm}, {gen.n_latent} style layers")
    mapping = gen.mapping_module().eval()
    sg_latent_avg = sg.get("latent_avg")
    del sg, g_state

    enc = None
    latent_avg = None
    if os.path.isfile(ck("e4e")):
        log(f"loading {FILES['e4e']}")
        e = load_checkpoint(ck("e4e"), a.trust_pickle)
        e_state = state_dict_of(e, FILES["e4e"])
        enc = Encoder4Editing(stylegan_size=res).eval()
        load_strict(enc, e_state, FILES["e4e"], f"e4e encoder for a {res}x{res} generator", prefix="encoder.")
        # The 'decoder.' half is e4e's copy of the generator: checked, so every key is accounted for.
        if any(k.startswith("decoder.") for k in e_state):
            load_strict(Generator(res, channel_multiplier=cm), e_state, FILES["e4e"],
                        f"e4e decoder (StyleGAN2 at {res}x{res})", prefix="decoder.")
        other = [k for k in e_state if not k.startswith(("encoder.", "decoder."))]
        if other:
            raise ConvertError(f"{FILES['e4e']}: unexpected key '{other[0]}' ({len(other)} keys outside encoder./decoder.)")
        la = e.get("latent_avg") if isinstance(e, dict) else None
        if not isinstance(la, torch.Tensor):
            raise ConvertError(f"{FILES['e4e']}: missing key 'latent_avg'")
        la = la.float().reshape(-1, 512) if la.numel() % 512 == 0 else la
        if la.dim() == 2 and la.shape[0] in (1, gen.n_latent) and la.shape[0] < 18:
            la = torch.cat([la, la[-1:].repeat(18 - la.shape[0], 1)], 0)  # small test generators only
        if tuple(la.shape) != (18, 512):
            raise ConvertError(f"{FILES['e4e']}: 'latent_avg' has shape {list(la.shape)}, expected [18,512]")
        latent_avg = la
        del e, e_state
    else:
        log(f"note: {FILES['e4e']} not found - the pack will have no photo import (encoder)")

    log(f"loading {FILES['stylegene']}")
    s = load_checkpoint(ck("stylegene"), a.trust_pickle)
    s_state = state_dict_of(s, FILES["stylegene"])
    lge, dec = GeneEncoder(N=18).eval(), GeneDecoder(N=18).eval()
    load_strict(lge, s_state, FILES["stylegene"], "StyleGene LGE (w2sub34, N=18)", prefix="w2sub34.")
    load_strict(dec, s_state, FILES["stylegene"], "StyleGene gene decoder (sub2w, N=18)", prefix="sub2w.")
    other = [k for k in s_state if not k.startswith(("w2sub34.", "sub2w."))]
    if other:
        # Training-time parts (e.g. the image-based gene encoder) are not used by inference.
        prefixes = sorted({k.split(".")[0] for k in other})
        log(f"  note: {len(other)} keys outside w2sub34./sub2w. not needed for inference: {', '.join(prefixes)}")
    del s, s_state

    att = None
    if os.path.isfile(ck("fairface")):
        log(f"loading {FILES['fairface']}")
        f_state = state_dict_of(load_checkpoint(ck("fairface"), a.trust_pickle), FILES["fairface"])
        if f_state and all(k.startswith("module.") for k in f_state):  # saved from DataParallel
            f_state = {k[len("module."):]: v for k, v in f_state.items()}
        net = ResNet34(18).eval()
        load_strict(net, f_state, FILES["fairface"], "FairFace ResNet-34 (18 outputs)")
        att = AttributesGraph(net).eval()
        del f_state
    else:
        log(f"note: {FILES['fairface']} not found - the pack will have no attributes model")

    # ---- phase 2: export with fixed inputs, keeping PyTorch outputs for the parity check
    if isinstance(sg_latent_avg, torch.Tensor) and sg_latent_avg.numel() == 512:
        w_avg = sg_latent_avg.float().reshape(512)
        log("wAvg: the checkpoint's latent_avg")
    else:
        n = max(1, a.wavg_samples // 1000)
        with torch.no_grad():
            gz = torch.Generator().manual_seed(1234)
            w_avg = torch.stack([mapping(torch.randn(1000, 512, generator=gz)).mean(0) for _ in range(n)]).mean(0)
        log(f"wAvg: mean of the mapping over {n * 1000} z")

    gz = torch.Generator().manual_seed(7)
    z = torch.randn(2, 512, generator=gz)
    files = {}
    with torch.no_grad():
        export(mapping, (z,), os.path.join(a.out, "mapping.onnx"), ["z"], ["w"])
        w = mapping(z)
        par.add("mapping", "mapping.onnx", {"z": z}, {"w": w})
        wplus = (w_avg + 0.7 * (w - w_avg))[:, None, :].repeat(1, 18, 1)
        wplus = wplus + 0.05 * torch.randn(wplus.shape, generator=gz)
        ggraph = GeneratorGraph(gen).eval()
        export(ggraph, (wplus,), os.path.join(a.out, "generator.onnx"), ["wplus"], ["image"])
        par.add("generator", "generator.onnx", {"wplus": wplus}, {"image": ggraph(wplus)})
        files.update({"mapping": "mapping.onnx", "generator": "generator.onnx"})
        if res > PREVIEW:
            pgraph = PreviewGraph(gen, PREVIEW).eval()
            export(pgraph, (wplus,), os.path.join(a.out, "generator-preview.onnx"), ["wplus"], ["preview"])
            par.add("generatorPreview", "generator-preview.onnx", {"wplus": wplus}, {"preview": pgraph(wplus)})
            files["generatorPreview"] = "generator-preview.onnx"
            # One weights file for both graphs: the preview adds no weights to the pack.
            sw = share_weights([os.path.join(a.out, "generator.onnx"), os.path.join(a.out, "generator-preview.onnx")],
                               "generator.weights")
            log(f"  generator.weights: {sw['bytes'] / 2**20:.1f} MiB shared by generator and preview "
                f"({sw['sharedBytes'] / 2**20:.1f} MiB stored once instead of twice)")
        if enc is not None:
            img = torch.rand(2, 3, 256, 256, generator=gz) * 2 - 1
            export(enc, (img,), os.path.join(a.out, "encoder.onnx"), ["image"], ["wplus"])
            par.add("encoder", "encoder.onnx", {"image": img}, {"wplus": enc(img)})
            files["encoder"] = "encoder.onnx"
            del enc
        export(lge, (wplus,), os.path.join(a.out, "lge.onnx"), ["wplus"], ["mu", "logvar"])
        mu, logvar = lge(wplus)
        par.add("lge", "lge.onnx", {"wplus": wplus}, {"mu": mu, "logvar": logvar})
        genes = mu + torch.exp(0.5 * logvar) * torch.randn(mu.shape, generator=gz)
        export(dec, (genes,), os.path.join(a.out, "decoder.onnx"), ["genes"], ["wplus"])
        par.add("decoder", "decoder.onnx", {"genes": genes}, {"wplus": dec(genes)})
        files.update({"lge": "lge.onnx", "decoder": "decoder.onnx"})
        if att is not None:
            img = torch.rand(2, 3, 224, 224, generator=gz) * 2 - 1
            export(att, (img,), os.path.join(a.out, "attributes.onnx"), ["image"], ["logits"])
            par.add("attributes", "attributes.onnx", {"image": img}, {"logits": att(img)})
            files["attributes"] = "attributes.onnx"

    manifest = {
        "formatVersion": 1,
        "id": "stylegene-ffhq",
        "name": "StyleGene FFHQ" + ("" if res == 1024 else f" ({res}x{res})"),
        "version": "1.0.0",
        "license": LICENSE,
        "description": "StyleGAN2 FFHQ config-f, e4e encoder, StyleGene LGE and gene decoder, FairFace attributes; "
                       "converted with tools/convert.",
        "resolution": res,
        "numWs": 18, "wDim": 512, "regions": 34,
        "dtype": "float32",
        "wAvg": [float(x) for x in w_avg.tolist()],
        **({"latentAvg": [float(x) for x in latent_avg.reshape(-1).tolist()]} if latent_avg is not None else {}),
        "files": files,
        "io": {"attributesInput": "image", "generatorMasks": False,
               **({"generatorPreview": PREVIEW} if "generatorPreview" in files else {})},
    }
    with open(os.path.join(a.out, "manifest.json"), "w") as fh:
        json.dump(manifest, fh)
    par.write({"packDir": os.path.abspath(a.out), "fp16": None})
    log(f"converted in {time.time() - t_start:.1f}s -> {a.out}")


if __name__ == "__main__":
    try:
        main()
    except ConvertError as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(2)
