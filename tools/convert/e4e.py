"""e4e encoder (Encoder4Editing, IR-SE-50 backbone), parameter layout of
omertov/encoder4editing's e4e_ffhq_encode.pt ('encoder.*' keys of its state_dict)."""
import math

import torch
from torch import nn
import torch.nn.functional as F

from common import EqualLinear

N_WS = 18


def ir50_units():
    """(in_channel, depth, stride) of the 24 bottlenecks of IR-50: 3, 4, 14, 3 units."""
    units = []
    for in_c, depth, n in [(64, 64, 3), (64, 128, 4), (128, 256, 14), (256, 512, 3)]:
        units.append((in_c, depth, 2))
        units += [(depth, depth, 1)] * (n - 1)
    return units


class SEModule(nn.Module):
    def __init__(self, channels, reduction):
        super().__init__()
        self.fc1 = nn.Conv2d(channels, channels // reduction, 1, padding=0, bias=False)
        self.fc2 = nn.Conv2d(channels // reduction, channels, 1, padding=0, bias=False)

    def forward(self, x):
        s = x.mean(dim=[2, 3], keepdim=True)
        return x * torch.sigmoid(self.fc2(F.relu(self.fc1(s))))


class BottleneckIRSE(nn.Module):
    def __init__(self, in_c, depth, stride):
        super().__init__()
        if in_c == depth:
            self.shortcut_layer = nn.MaxPool2d(1, stride)
        else:
            self.shortcut_layer = nn.Sequential(nn.Conv2d(in_c, depth, 1, stride, bias=False), nn.BatchNorm2d(depth))
        self.res_layer = nn.Sequential(
            nn.BatchNorm2d(in_c),
            nn.Conv2d(in_c, depth, 3, 1, 1, bias=False),
            nn.PReLU(depth),
            nn.Conv2d(depth, depth, 3, stride, 1, bias=False),
            nn.BatchNorm2d(depth),
            SEModule(depth, 16),
        )

    def forward(self, x):
        return self.res_layer(x) + self.shortcut_layer(x)


class GradualStyleBlock(nn.Module):
    def __init__(self, in_c, out_c, spatial):
        super().__init__()
        self.out_c = out_c
        mods = [nn.Conv2d(in_c, out_c, 3, stride=2, padding=1), nn.LeakyReLU()]
        for _ in range(int(math.log2(spatial)) - 1):
            mods += [nn.Conv2d(out_c, out_c, 3, stride=2, padding=1), nn.LeakyReLU()]
        self.convs = nn.Sequential(*mods)
        self.linear = EqualLinear(out_c, out_c, lr_mul=1)

    def forward(self, x):
        return self.linear(self.convs(x).reshape(-1, self.out_c))


def upsample_add(x, y):
    return F.interpolate(x, size=(y.shape[2], y.shape[3]), mode="bilinear", align_corners=True) + y


class Encoder4Editing(nn.Module):
    """forward: image [B,3,256,256] in [-1,1] -> W+ offsets [B,18,512] (without latent_avg).

    With a generator smaller than 1024 (CI tests) there are 2*log2(R)-2 style blocks; the
    remaining of the 18 layers take the base code w0, as e4e does before adding deltas.
    """

    def __init__(self, stylegan_size=1024):
        super().__init__()
        self.input_layer = nn.Sequential(nn.Conv2d(3, 64, 3, 1, 1, bias=False), nn.BatchNorm2d(64), nn.PReLU(64))
        self.body = nn.Sequential(*[BottleneckIRSE(*u) for u in ir50_units()])
        self.style_count = 2 * int(math.log(stylegan_size, 2)) - 2
        self.coarse_ind, self.middle_ind = 3, 7
        self.styles = nn.ModuleList()
        for i in range(self.style_count):
            spatial = 16 if i < self.coarse_ind else 32 if i < self.middle_ind else 64
            self.styles.append(GradualStyleBlock(512, 512, spatial))
        self.latlayer1 = nn.Conv2d(256, 512, 1, 1, 0)
        self.latlayer2 = nn.Conv2d(128, 512, 1, 1, 0)

    def forward(self, x):
        x = self.input_layer(x)
        for i, layer in enumerate(self.body):
            x = layer(x)
            if i == 6:
                c1 = x
            elif i == 20:
                c2 = x
            elif i == 23:
                c3 = x
        w0 = self.styles[0](c3)
        rows = [w0]
        features = c3
        p2 = None
        for i in range(1, self.style_count):
            if i == self.coarse_ind:
                p2 = upsample_add(c3, self.latlayer1(c2))
                features = p2
            elif i == self.middle_ind:
                features = upsample_add(p2, self.latlayer2(c1))
            rows.append(w0 + self.styles[i](features))
        rows += [w0] * (N_WS - len(rows))
        return torch.stack(rows[:N_WS], dim=1)
