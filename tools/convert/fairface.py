"""FairFace attribute classifier: torchvision ResNet-34 layout with fc -> 18 logits
(race 7, gender 2, age 9), as res34_fair_align_multi_7_20190809.pt stores it."""
import torch
from torch import nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    def __init__(self, in_c, out_c, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(in_c, out_c, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_c)
        self.conv2 = nn.Conv2d(out_c, out_c, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_c)
        self.downsample = None
        if stride != 1 or in_c != out_c:
            self.downsample = nn.Sequential(nn.Conv2d(in_c, out_c, 1, stride, bias=False), nn.BatchNorm2d(out_c))

    def forward(self, x):
        idt = x if self.downsample is None else self.downsample(x)
        out = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(out)) + idt)


class ResNet34(nn.Module):
    def __init__(self, num_outputs=18):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        cfg = [(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)]
        in_c = 64
        for li, (c, n, s) in enumerate(cfg, start=1):
            blocks = [BasicBlock(in_c, c, s)] + [BasicBlock(c, c, 1) for _ in range(n - 1)]
            setattr(self, f"layer{li}", nn.Sequential(*blocks))
            in_c = c
        self.fc = nn.Linear(512, num_outputs)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 3, 2, 1)
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(x.mean(dim=[2, 3], keepdim=True), 1))


class AttributesGraph(nn.Module):
    """App image in [-1,1] -> ImageNet normalisation FairFace was trained with -> logits."""

    def __init__(self, net):
        super().__init__()
        self.net = net
        self.register_buffer("mean", torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1), persistent=False)
        self.register_buffer("std", torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1), persistent=False)

    def forward(self, image):
        return self.net(((image * 0.5 + 0.5) - self.mean) / self.std)
