"""StyleGene's latent-based gene encoder (LGE, 'w2sub34') and gene decoder ('sub2w'),
parameter layout of stylegene_N18.ckpt (state_dict keys 'w2sub34.*', 'sub2w.*').

Both are MLP-Mixers over (layer, region) tokens: a token mixer (1x1 Conv1d over the
N*34 tokens) and a channel mixer (Linear over 512), each pre-normed and residual.
Sequential indices follow the reference, whose parameter-free rearranges occupy slots.
"""
import torch
from torch import nn

REGIONS = 34


class Perm(nn.Module):
    """Parameter-free reshape standing where the reference has an einops Rearrange."""

    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return self.fn(x)


class PreNormResidual(nn.Module):
    def __init__(self, dim, fn):
        super().__init__()
        self.fn = fn
        self.norm = nn.LayerNorm(dim)

    def forward(self, x):
        return self.fn(self.norm(x)) + x


def feed_forward(dim, expansion, dense):
    inner = int(dim * expansion)
    # Dropout slots (2, 4) are identity at inference; kept so indices match.
    return nn.Sequential(dense(dim, inner), nn.GELU(), nn.Identity(), dense(inner, dim), nn.Identity())


def conv1x1(i, o):
    return nn.Conv1d(i, o, kernel_size=1)


def mixer_block(tokens, dim=512, expansion=4.0, expansion_token=0.5):
    return nn.Sequential(
        PreNormResidual(dim, feed_forward(tokens, expansion, conv1x1)),
        PreNormResidual(dim, feed_forward(dim, expansion_token, nn.Linear)),
    )


def swap12(x):
    return x.transpose(1, 2)


class GeneEncoder(nn.Module):
    """LGE: wplus [B,N,512] -> mu, logvar [B,N,34,512] (the reference's MappingW2Sub)."""

    def __init__(self, N=18, dim=512, depth=8):
        super().__init__()
        self.N = N
        t = N * REGIONS
        self.layer = nn.Sequential(Perm(swap12), nn.Linear(N, t), Perm(swap12),
                                   *[mixer_block(t, dim) for _ in range(depth)], nn.LayerNorm(dim))
        self.mu_fc = nn.Sequential(*[mixer_block(t, dim) for _ in range(2)], nn.LayerNorm(dim), nn.Tanh())
        self.var_fc = nn.Sequential(*[mixer_block(t, dim) for _ in range(2)], nn.LayerNorm(dim), nn.Tanh())

    def forward(self, wplus):
        f = self.layer(wplus)
        b = wplus.shape[0]
        # token index = layer * 34 + region, as the reference's 'a (b c d)' split.
        mu = self.mu_fc(f).reshape(b, self.N, REGIONS, -1)
        logvar = self.var_fc(f).reshape(b, self.N, REGIONS, -1)
        return mu, logvar


class GeneDecoder(nn.Module):
    """Gene decoder: genes [B,N,34,512] -> wplus [B,N,512] (the reference's MappingSub2W)."""

    def __init__(self, N=18, dim=512, depth=6):
        super().__init__()
        t = N * REGIONS
        self.layer = nn.Sequential(
            Perm(lambda x: x.reshape(x.shape[0], t, x.shape[3])),
            *[mixer_block(t, dim) for _ in range(depth)],
            nn.LayerNorm(dim),
            Perm(swap12),
            nn.Linear(t, t),
            nn.LayerNorm(t),
            nn.GELU(),
            nn.Linear(t, N),
            Perm(swap12),
        )

    def forward(self, genes):
        return self.layer(genes)
