"""Checks the converter's export-friendly StyleGAN2 ops against reference formulations:
the fused modulated convolution (per-sample weights, grouped conv / grouped transposed
conv, as rosinality's ModulatedConv2d fused path) and upfirdn2d by explicit indexing.
Prints max abs errors; exits 1 above 1e-4."""
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tools", "convert"))
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from common import upfirdn2d, make_kernel  # noqa: E402
from stylegan2 import ModulatedConv2d  # noqa: E402


def fused_reference(m, x, style):
    """Per-sample weight: w' = scale*W*s, demodulated, then a grouped (transposed) conv."""
    b, cin, h, w = x.shape
    s = m.modulation(style).view(b, 1, cin, 1, 1)
    weight = m.scale * m.weight * s
    if m.demodulate:
        d = torch.rsqrt(weight.pow(2).sum([2, 3, 4]) + 1e-8)
        weight = weight * d.view(b, m.out_ch, 1, 1, 1)
    k = m.kernel_size
    if m.upsample:
        xi = x.view(1, b * cin, h, w)
        wt = weight.view(b, m.out_ch, cin, k, k).transpose(1, 2).reshape(b * cin, m.out_ch, k, k)
        out = F.conv_transpose2d(xi, wt, padding=0, stride=2, groups=b)
        out = out.view(b, m.out_ch, out.shape[2], out.shape[3])
        return upfirdn_reference(out, m.blur.kernel, 1, m.blur.pad)
    out = F.conv2d(x.view(1, b * cin, h, w), weight.view(b * m.out_ch, cin, k, k), padding=m.padding, groups=b)
    return out.view(b, m.out_ch, h, w)


def upfirdn_reference(x, kernel, up, pad):
    b, c, h, w = x.shape
    z = torch.zeros(b, c, h * up, w * up)
    z[:, :, ::up, ::up] = x
    z = F.pad(z, [pad[0], pad[1], pad[0], pad[1]])
    kh, kw = kernel.shape
    out = torch.zeros(b, c, z.shape[2] - kh + 1, z.shape[3] - kw + 1)
    for i in range(kh):  # true convolution: kernel flipped
        for j in range(kw):
            out += kernel[kh - 1 - i, kw - 1 - j] * z[:, :, i:i + out.shape[2], j:j + out.shape[3]]
    return out


def main():
    torch.manual_seed(0)
    worst = 0.0
    for up in (False, True):
        for demod in (True, False):
            for k in ((3,) if up else (3, 1)):
                m = ModulatedConv2d(16, 8, k, 32, demodulate=demod, upsample=up).eval()
                with torch.no_grad():
                    m.modulation.bias.normal_()
                    x, st = torch.randn(3, 16, 8, 8), torch.randn(3, 32)
                    err = (m(x, st) - fused_reference(m, x, st)).abs().max().item()
                print(f"modconv up={up} demod={demod} k={k}: max abs err {err:.2e}")
                worst = max(worst, err)
    kern = make_kernel([1, 3, 3, 1]) * 4
    x = torch.randn(2, 4, 8, 8)
    for up, pad in ((2, (2, 1)), (1, (1, 1)), (1, (2, 2))):
        err = (upfirdn2d(x, kern, up=up, pad=pad) - upfirdn_reference(x, kern, up, pad)).abs().max().item()
        print(f"upfirdn2d up={up} pad={pad}: max abs err {err:.2e}")
        worst = max(worst, err)
    sys.exit(0 if worst <= 1e-4 else 1)


if __name__ == "__main__":
    main()
