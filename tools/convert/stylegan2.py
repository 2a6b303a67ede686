"""StyleGAN2 generator and mapping network, parameter layout of rosinality/stylegan2-pytorch.

Modulated convolutions are written as modulate activations -> conv with the static
weight -> demodulate outputs: mathematically the same as the reference's fused grouped
convolution, but the convolution weight stays a graph constant, which torch 1.13's ONNX
exporter requires (and which lets onnxruntime batch without per-sample weights).
"""
import math

import torch
from torch import nn
import torch.nn.functional as F

from common import EqualLinear, Blur, Upsample

BLUR = [1, 3, 3, 1]


def channels_for(channel_multiplier=2):
    cm = channel_multiplier
    return {4: 512, 8: 512, 16: 512, 32: 512, 64: 256 * cm, 128: 128 * cm,
            256: 64 * cm, 512: 32 * cm, 1024: 16 * cm}


class PixelNorm(nn.Module):
    def forward(self, x):
        return x * torch.rsqrt(torch.mean(x ** 2, dim=1, keepdim=True) + 1e-8)


class ModulatedConv2d(nn.Module):
    def __init__(self, in_ch, out_ch, kernel_size, style_dim, demodulate=True, upsample=False):
        super().__init__()
        self.eps = 1e-8
        self.kernel_size = kernel_size
        self.in_ch, self.out_ch = in_ch, out_ch
        self.upsample = upsample
        if upsample:
            factor = 2
            p = (len(BLUR) - factor) - (kernel_size - 1)
            self.blur = Blur(BLUR, pad=((p + 1) // 2 + factor - 1, p // 2 + 1), upsample_factor=factor)
        self.scale = 1 / math.sqrt(in_ch * kernel_size ** 2)
        self.padding = kernel_size // 2
        self.weight = nn.Parameter(torch.randn(1, out_ch, in_ch, kernel_size, kernel_size))
        self.modulation = EqualLinear(style_dim, in_ch, bias_init=1)
        self.demodulate = demodulate

    def forward(self, x, style):
        s = self.modulation(style)                                  # [B,in]
        w = self.weight[0] * self.scale                             # [out,in,k,k], static
        x = x * s[:, :, None, None]
        if self.upsample:
            out = F.conv_transpose2d(x, w.transpose(0, 1), padding=0, stride=2)
            out = self.blur(out)
        else:
            out = F.conv2d(x, w, padding=self.padding)
        if self.demodulate:
            # sum_{i,k} (w[o,i,k] s[b,i])^2 = (s^2) @ (sum_k w^2)^T
            wsq = (w ** 2).sum(dim=[2, 3])                           # [out,in]
            demod = torch.rsqrt(F.linear(s ** 2, wsq) + self.eps)     # [B,out]
            out = out * demod[:, :, None, None]
        return out


class NoiseInjection(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(1))

    def forward(self, x, noise):
        return x + self.weight * noise


class FusedLeakyReLU(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(channels))

    def forward(self, x):
        return F.leaky_relu(x + self.bias[None, :, None, None], 0.2) * math.sqrt(2)


class ConstantInput(nn.Module):
    def __init__(self, channels, size=4):
        super().__init__()
        self.input = nn.Parameter(torch.randn(1, channels, size, size))

    def forward(self, ref):
        return self.input.expand(ref.shape[0], -1, -1, -1)


class StyledConv(nn.Module):
    def __init__(self, in_ch, out_ch, kernel_size, style_dim, upsample=False):
        super().__init__()
        self.conv = ModulatedConv2d(in_ch, out_ch, kernel_size, style_dim, upsample=upsample)
        self.noise = NoiseInjection()
        self.activate = FusedLeakyReLU(out_ch)

    def forward(self, x, style, noise):
        return self.activate(self.noise(self.conv(x, style), noise))


class ToRGB(nn.Module):
    def __init__(self, in_ch, style_dim, upsample=True):
        super().__init__()
        if upsample:
            self.upsample = Upsample(BLUR)
        self.conv = ModulatedConv2d(in_ch, 3, 1, style_dim, demodulate=False)
        self.bias = nn.Parameter(torch.zeros(1, 3, 1, 1))

    def forward(self, x, style, skip=None):
        out = self.conv(x, style) + self.bias
        if skip is not None:
            out = out + self.upsample(skip)
        return out


class Mapping(nn.Module):
    """z -> w: PixelNorm then n_mlp EqualLinear (lr_mul 0.01, fused leaky ReLU)."""

    def __init__(self, style_dim=512, n_mlp=8, lr_mlp=0.01):
        super().__init__()
        layers = [PixelNorm()]
        for _ in range(n_mlp):
            layers.append(EqualLinear(style_dim, style_dim, lr_mul=lr_mlp, activation="fused_lrelu"))
        self.style = nn.Sequential(*layers)

    def forward(self, z):
        return self.style(z)


class Generator(nn.Module):
    """Key layout of rosinality's Generator (g_ema): style.*, input.input, conv1, to_rgb1,
    convs.{i}, to_rgbs.{i}, noises.noise_{i}. forward() is the synthesis network only
    (input_is_latent=True, randomize_noise=False: the checkpoint's fixed noise)."""

    def __init__(self, size, style_dim=512, n_mlp=8, channel_multiplier=2):
        super().__init__()
        self.size = size
        self.style_dim = style_dim
        mapping = Mapping(style_dim, n_mlp)
        self.style = mapping.style
        ch = channels_for(channel_multiplier)
        self.input = ConstantInput(ch[4])
        self.conv1 = StyledConv(ch[4], ch[4], 3, style_dim)
        self.to_rgb1 = ToRGB(ch[4], style_dim, upsample=False)
        self.log_size = int(math.log(size, 2))
        if 2 ** self.log_size != size or size < 8:
            raise ValueError(f"generator resolution must be a power of two >= 8, got {size}")
        self.num_layers = (self.log_size - 2) * 2 + 1
        self.convs = nn.ModuleList()
        self.to_rgbs = nn.ModuleList()
        self.noises = nn.Module()
        for i in range(self.num_layers):
            res = (i + 5) // 2
            self.noises.register_buffer(f"noise_{i}", torch.randn(1, 1, 2 ** res, 2 ** res))
        in_ch = ch[4]
        for i in range(3, self.log_size + 1):
            out_ch = ch[2 ** i]
            self.convs.append(StyledConv(in_ch, out_ch, 3, style_dim, upsample=True))
            self.convs.append(StyledConv(out_ch, out_ch, 3, style_dim))
            self.to_rgbs.append(ToRGB(out_ch, style_dim))
            in_ch = out_ch
        self.n_latent = self.log_size * 2 - 2

    def mapping_module(self):
        m = Mapping(self.style_dim, len(self.style) - 1)
        m.style = self.style
        return m

    def forward(self, wplus, stop_at=None):
        # wplus has 18 layers; a smaller generator reads the first n_latent of them.
        # stop_at=P returns the skip branch's RGB image at P x P: the image the full
        # network upsamples and refines, so a preview shows the same face (same layers).
        noise = [getattr(self.noises, f"noise_{i}") for i in range(self.num_layers)]
        out = self.input(wplus)
        out = self.conv1(out, wplus[:, 0], noise[0])
        skip = self.to_rgb1(out, wplus[:, 1])
        if stop_at == 4:
            return skip
        i = 1
        size = 4  # a Python int, not the traced shape: the exporter keeps no condition
        for c1, c2, n1, n2, to_rgb in zip(self.convs[::2], self.convs[1::2], noise[1::2], noise[2::2], self.to_rgbs):
            out = c1(out, wplus[:, i], n1)
            out = c2(out, wplus[:, i + 1], n2)
            skip = to_rgb(out, wplus[:, i + 2], skip)
            i += 2
            size *= 2
            if size == stop_at:
                return skip
        return skip


class GeneratorGraph(nn.Module):
    """Exported generator: image clamped to [-1,1] as the app's contract says."""

    def __init__(self, g):
        super().__init__()
        self.g = g

    def forward(self, wplus):
        return torch.clamp(self.g(wplus), -1.0, 1.0)


class PreviewGraph(nn.Module):
    """Exported preview: the generator stopped at `size` (its skip RGB image there), clamped."""

    def __init__(self, g, size):
        super().__init__()
        if size >= g.size or size < 4 or 2 ** int(math.log2(size)) != size:
            raise ValueError(f"preview size must be a power of two below {g.size}, got {size}")
        self.g = g
        self.size = size

    def forward(self, wplus):
        return torch.clamp(self.g(wplus, stop_at=self.size), -1.0, 1.0)


def infer_resolution(state):
    """Resolution and channel multiplier from a g_ema state dict (for --resolution auto)."""
    n = 0
    while f"to_rgbs.{n}.conv.weight" in state:
        n += 1
    if n == 0:
        return None, 2
    size = 2 ** (n + 2)
    cm = 2
    if n >= 4:  # the 64x64 block has 256*cm channels
        cm = max(1, int(state["to_rgbs.3.conv.weight"].shape[2]) // 256)
    return size, cm
