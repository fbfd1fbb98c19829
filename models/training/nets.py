"""The three small from-scratch networks and the ONNX-facing wrappers that define their outputs."""
import torch
from torch import nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.skip = None
        if stride != 1 or cin != cout:
            self.skip = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.skip is None else self.skip(x)))


class ResNetTrunk(nn.Module):
    """Stem (stride 2) then one stride-2 stage per width: 224 input -> 7x7 map with 5 widths."""

    def __init__(self, widths, blocks_per_stage=1):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, widths[0], 3, 2, 1, bias=False), nn.BatchNorm2d(widths[0]), nn.ReLU())
        stages, cin = [], widths[0]
        for cout in widths[1:]:
            stages.append(BasicBlock(cin, cout, 2))
            stages.extend(BasicBlock(cout, cout, 1) for _ in range(blocks_per_stage - 1))
            cin = cout
        self.stages = nn.Sequential(*stages)
        self.channels = cin

    def forward(self, x):
        return self.stages(self.stem(x))


class TriageNet(nn.Module):
    """ResNet-like trunk, global average pool, linear multi-label head."""

    def __init__(self, n_labels, widths=(16, 24, 48, 96, 160)):
        super().__init__()
        self.trunk = ResNetTrunk(widths, blocks_per_stage=1)
        self.head = nn.Linear(self.trunk.channels, n_labels)

    def features(self, x):
        return self.trunk(x)

    def forward(self, x):
        return self.head(self.features(x).mean(dim=(2, 3)))


class TriageExport(nn.Module):
    """ONNX graph: `logits` [1,K], `cam` [1,K,h,w] = sum_c w_kc A_c / (h w), `ood` [1] = squared Mahalanobis."""

    def __init__(self, net, feature_mean, precision):
        super().__init__()
        self.net = net
        self.register_buffer("feature_mean", torch.as_tensor(feature_mean, dtype=torch.float32))
        self.register_buffer("precision", torch.as_tensor(precision, dtype=torch.float32))

    def forward(self, image):
        a = self.net.features(image)
        h, w = a.shape[2], a.shape[3]
        pooled = a.mean(dim=(2, 3))
        logits = self.net.head(pooled)
        cam = torch.einsum("kc,nchw->nkhw", self.net.head.weight, a) / (h * w)
        d = pooled - self.feature_mean
        ood = ((d @ self.precision) * d).sum(dim=1)
        return logits, cam, ood


QA_HEADS = {
    "projection": ["PA", "AP", "LATERAL"],
    "rotation": ["0", "90", "180", "270"],
    "flip": ["mirrored"],
    "body_part": ["CHEST", "UPPER_LIMB", "LOWER_LIMB", "PELVIS_HIP", "SHOULDER"],
}


class QANet(nn.Module):
    """One trunk; pooled heads for what is position-free (projection, body part) and spatial heads for
    orientation (rotation, flip need to know where the heart and the apices are)."""

    def __init__(self, widths=(16, 24, 48, 96, 128), spatial=4):
        super().__init__()
        self.trunk = ResNetTrunk(widths, blocks_per_stage=1)
        c = self.trunk.channels
        self.reduce = nn.Sequential(nn.Conv2d(c, 16, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU())
        flat = 16 * spatial * spatial
        self.projection = nn.Linear(c, len(QA_HEADS["projection"]))
        self.body_part = nn.Linear(c, len(QA_HEADS["body_part"]))
        self.rotation = nn.Sequential(nn.Dropout(0.2), nn.Linear(flat, len(QA_HEADS["rotation"])))
        self.flip = nn.Sequential(nn.Dropout(0.2), nn.Linear(flat, 1))

    def forward(self, image):
        a = self.trunk(image)
        pooled = a.mean(dim=(2, 3))
        spatial = self.reduce(a).flatten(1)
        return self.projection(pooled), self.rotation(spatial), self.flip(spatial), self.body_part(pooled)


class QAExport(nn.Module):
    """ONNX graph of cxr-qa: the net on the image and on its left-right mirror (one batch of 2N). `flip` is the
    antisymmetric score logit(x) - logit(mirror(x)): a mirrored film scores the negative of the upright one, so the
    two looks cancel their shared bias (val/test flip AUC +0.01 to +0.03 on every chest set for the 1.1.0 weights).
    The other heads come from the image as given: averaging them over the mirror changed projection AUC < 0.006."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, image):
        n = image.shape[0]
        p_logit, r_logit, f_logit, b_logit = self.net(torch.cat([image, torch.flip(image, dims=[3])]))
        return p_logit[:n], r_logit[:n], f_logit[:n] - f_logit[n:], b_logit[:n]


def _double_conv(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
        nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
    )


class UNet(nn.Module):
    """Small U-Net: 4 poolings, transposed-conv upsampling, 1-channel logits at input resolution."""

    def __init__(self, widths=(8, 16, 32, 64, 128)):
        super().__init__()
        self.down = nn.ModuleList()
        cin = 1
        for w in widths:
            self.down.append(_double_conv(cin, w))
            cin = w
        self.up = nn.ModuleList()
        self.merge = nn.ModuleList()
        for skip_w in reversed(widths[:-1]):
            self.up.append(nn.ConvTranspose2d(cin, skip_w, 2, 2))
            self.merge.append(_double_conv(skip_w * 2, skip_w))
            cin = skip_w
        self.out = nn.Conv2d(cin, 1, 1)

    def forward(self, image):
        skips, x = [], image
        for i, block in enumerate(self.down):
            x = block(x)
            if i < len(self.down) - 1:
                skips.append(x)
                x = F.max_pool2d(x, 2)
        for up, merge, skip in zip(self.up, self.merge, reversed(skips)):
            x = merge(torch.cat([up(x), skip], dim=1))
        return self.out(x)


def count_params(module):
    return sum(p.numel() for p in module.parameters())
