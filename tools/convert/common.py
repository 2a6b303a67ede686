"""Shared layers and strict checkpoint loading for the StyleGene pack converter.

Only plain PyTorch operations (no custom CUDA kernels), so every module exports to ONNX
with torch 1.13's exporter and runs on any onnxruntime execution provider.
"""
import math
import os
import pickle
import zipfile

import torch
from torch import nn
import torch.nn.functional as F


class ConvertError(Exception):
    """A problem the user can fix (wrong/missing/truncated file); printed without a traceback."""


# ---------------------------------------------------------------- checkpoint files

def load_checkpoint(path, trust_pickle=False):
    """torch.load with messages that name the file; weights_only unless the user trusts it."""
    name = os.path.basename(path)
    if not os.path.isfile(path):
        raise ConvertError(f"{name}: file not found at {path}")
    if os.path.getsize(path) == 0:
        raise ConvertError(f"{name}: file is empty (interrupted download?)")
    try:
        # weights_only refuses arbitrary pickled code; official files only hold tensors,
        # dicts, lists and plain values.
        return torch.load(path, map_location="cpu", weights_only=not trust_pickle)
    except (RuntimeError, EOFError, zipfile.BadZipFile, pickle.UnpicklingError, OSError, ValueError) as e:
        msg = str(e).splitlines()[0] if str(e) else type(e).__name__
        if "weights_only" in msg or "Unsupported" in msg and "global" in msg.lower():
            raise ConvertError(f"{name}: holds pickled objects other than tensors ({msg}); "
                               "if you trust the file, rerun with --trust-pickle") from None
        raise ConvertError(f"{name}: cannot be read - truncated or not a PyTorch checkpoint ({msg})") from None


def fmt_shape(s):
    return "[" + ",".join(str(int(d)) for d in s) + "]"


def load_strict(module, state, file_name, what, prefix=""):
    """Every key of the module present with its exact shape, every checkpoint key used.

    Raises ConvertError naming the file and the first key or shape that does not match
    (in the module's own key order, which follows the architecture from input to output).
    """
    expected = module.state_dict()
    for key, ref in expected.items():
        ck = prefix + key
        if ck not in state:
            raise ConvertError(f"{file_name}: missing key '{ck}' (expected shape {fmt_shape(ref.shape)}) "
                               f"- not a {what} checkpoint, or another resolution/configuration")
        got = state[ck]
        if not torch.is_tensor(got):
            raise ConvertError(f"{file_name}: key '{ck}' is not a tensor")
        if tuple(got.shape) != tuple(ref.shape):
            raise ConvertError(f"{file_name}: key '{ck}' has shape {fmt_shape(got.shape)}, expected "
                               f"{fmt_shape(ref.shape)} - another architecture, resolution or configuration than {what}")
    extra = [k for k in state if k.startswith(prefix) and k[len(prefix):] not in expected]
    if extra:
        raise ConvertError(f"{file_name}: unexpected key '{extra[0]}' ({len(extra)} unused keys) "
                           f"- the checkpoint holds more than {what}")
    sub = {k[len(prefix):]: v.float() if v.is_floating_point() else v
           for k, v in state.items() if k.startswith(prefix)}
    module.load_state_dict(sub, strict=True)


# ---------------------------------------------------------------- StyleGAN2 building blocks

class EqualLinear(nn.Module):
    """rosinality's EqualLinear: weight stored at 1/lr_mul, scaled at run time."""

    def __init__(self, in_dim, out_dim, bias=True, bias_init=0.0, lr_mul=1.0, activation=None):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_dim, in_dim).div_(lr_mul))
        self.bias = nn.Parameter(torch.zeros(out_dim).fill_(bias_init)) if bias else None
        self.activation = activation
        self.scale = (1 / math.sqrt(in_dim)) * lr_mul
        self.lr_mul = lr_mul

    def forward(self, x):
        out = F.linear(x, self.weight * self.scale)
        if self.activation:
            return F.leaky_relu(out + self.bias * self.lr_mul, 0.2) * math.sqrt(2)
        return out + self.bias * self.lr_mul if self.bias is not None else out


def make_kernel(k):
    k = torch.tensor(k, dtype=torch.float32)
    k = k[None, :] * k[:, None]
    return k / k.sum()


def upfirdn2d(x, kernel, up=1, pad=(0, 0)):
    """upfirdn2d (down=1) with reshape/pad/conv only: zero-insert, pad, FIR filter.

    The filter is applied as a true convolution (kernel flipped), as the reference does.
    """
    b, c, h, w = x.shape
    if up > 1:
        x = x.reshape(b, c, h, 1, w, 1)
        x = F.pad(x, [0, up - 1, 0, 0, 0, up - 1])
        x = x.reshape(b, c, h * up, w * up)
    x = F.pad(x, [pad[0], pad[1], pad[0], pad[1]])
    kh, kw = kernel.shape
    weight = torch.flip(kernel, [0, 1]).reshape(1, 1, kh, kw)
    hh, ww = x.shape[2], x.shape[3]
    # One static single-channel filter over every (batch, channel) plane.
    out = F.conv2d(x.reshape(-1, 1, hh, ww), weight)
    return out.reshape(b, c, hh - kh + 1, ww - kw + 1)


class Blur(nn.Module):
    def __init__(self, kernel, pad, upsample_factor=1):
        super().__init__()
        k = make_kernel(kernel)
        if upsample_factor > 1:
            k = k * (upsample_factor ** 2)
        self.register_buffer("kernel", k)
        self.pad = pad

    def forward(self, x):
        return upfirdn2d(x, self.kernel, pad=self.pad)


class Upsample(nn.Module):
    def __init__(self, kernel, factor=2):
        super().__init__()
        self.factor = factor
        self.register_buffer("kernel", make_kernel(kernel) * (factor ** 2))
        p = self.kernel.shape[0] - factor
        self.pad = ((p + 1) // 2 + factor - 1, p // 2)

    def forward(self, x):
        return upfirdn2d(x, self.kernel, up=self.factor, pad=self.pad)
