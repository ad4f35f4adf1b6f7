"""Writes pretrained-weight files laid out as the real downloads are, holding random values, and PyTorch's
eval-mode features of each network for fixed inputs, so that ftd's `--init` can be checked against PyTorch.

usage: make_reference_weights.py OUT_FOLDER REQUEST_JSON
  REQUEST_JSON: {"size": S, "batch": N, "seed": s, "keras": {"widthMultiplier": w, "middleBlocks": m},
                 "timmNarrow": {"widthMultiplier": w, "middleBlocks": m}}

writes into OUT_FOLDER:
  resnet18.safetensors, resnet34.safetensors  torchvision's state dicts (num_batches_tracked and fc included)
  xception-timm.safetensors                   timm's legacy_xception state dict (fc included)
  xception-timm-narrow.safetensors            the same layout, channels and middle flow scaled as "timmNarrow" says
  xception-keras.h5                           Keras's save_weights layout with Keras 2 layer names, scaled as "keras"
                                              says (all of Keras's layer names at 8 middle blocks)
  xception-keras1.h5                          the same weights under Keras 1's generated names
  features.safetensors                        "input" [N, 3, S, S] in [0, 1] and each network's feature map
                                              (NCHW), computed from its published input scaling
  manifest.json                               the torch, torchvision and h5py versions, and each file's scaling

The timm and Keras networks are rebuilt here from their published sources (timm/models/xception.py,
keras/src/applications/xception.py): module names, order and padding as there, so the state-dict keys and h5
layers equal those of the real weight files. Debian has no safetensors package, so the format (an 8-byte
little-endian header length, a JSON header, raw little-endian tensors) is written directly.
"""
import json
import math
import struct
import sys

import h5py
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

IMAGENET = {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}
PLUS_MINUS_ONE = {"mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5]}


# ---- timm's legacy_xception ----------------------------------------------------------------------------------

class SeparableConv2d(nn.Module):
    def __init__(self, cin, cout, kernel_size=1, stride=1, padding=0, dilation=1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cin, kernel_size, stride, padding, dilation, groups=cin, bias=False)
        self.pointwise = nn.Conv2d(cin, cout, 1, 1, 0, 1, 1, bias=False)

    def forward(self, x):
        return self.pointwise(self.conv1(x))


class Block(nn.Module):
    def __init__(self, cin, cout, reps, strides=1, start_with_relu=True, grow_first=True):
        super().__init__()
        if cout != cin or strides != 1:
            self.skip = nn.Conv2d(cin, cout, 1, stride=strides, bias=False)
            self.skipbn = nn.BatchNorm2d(cout)
        else:
            self.skip = None
        rep = []
        for i in range(reps):
            if grow_first:
                inc, outc = (cin if i == 0 else cout), cout
            else:
                inc, outc = cin, (cin if i < reps - 1 else cout)
            rep += [nn.ReLU(inplace=True), SeparableConv2d(inc, outc, 3, stride=1, padding=1), nn.BatchNorm2d(outc)]
        if not start_with_relu:
            rep = rep[1:]
        else:
            rep[0] = nn.ReLU(inplace=False)
        if strides != 1:
            rep.append(nn.MaxPool2d(3, strides, 1))
        self.rep = nn.Sequential(*rep)

    def forward(self, inp):
        x = self.rep(inp)
        skip = inp if self.skip is None else self.skipbn(self.skip(inp))
        return x + skip


class TimmXception(nn.Module):
    """timm's Xception; width 1 and 8 middle blocks are timm's network, other values scale it as ftd does (the
    exit block is then numbered after the middle ones, as ftd numbers it)."""

    def __init__(self, num_classes=1000, width=1, middle_blocks=8):
        super().__init__()
        c = lambda n: scale_channels(n, width)
        self.blocks = 4 + middle_blocks
        self.conv1 = nn.Conv2d(3, c(32), 3, 2, 0, bias=False)
        self.bn1 = nn.BatchNorm2d(c(32))
        self.act1 = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(c(32), c(64), 3, bias=False)
        self.bn2 = nn.BatchNorm2d(c(64))
        self.act2 = nn.ReLU(inplace=True)
        self.block1 = Block(c(64), c(128), 2, 2, start_with_relu=False)
        self.block2 = Block(c(128), c(256), 2, 2)
        self.block3 = Block(c(256), c(728), 2, 2)
        for i in range(4, 4 + middle_blocks):
            setattr(self, f"block{i}", Block(c(728), c(728), 3, 1))
        setattr(self, f"block{self.blocks}", Block(c(728), c(1024), 2, 2, grow_first=False))
        self.conv3 = SeparableConv2d(c(1024), c(1536), 3, 1, 1)
        self.bn3 = nn.BatchNorm2d(c(1536))
        self.act3 = nn.ReLU(inplace=True)
        self.conv4 = SeparableConv2d(c(1536), c(2048), 3, 1, 1)
        self.bn4 = nn.BatchNorm2d(c(2048))
        self.act4 = nn.ReLU(inplace=True)
        self.fc = nn.Linear(c(2048), num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward_features(self, x):
        x = self.act1(self.bn1(self.conv1(x)))
        x = self.act2(self.bn2(self.conv2(x)))
        for i in range(1, self.blocks + 1):
            x = getattr(self, f"block{i}")(x)
        x = self.act3(self.bn3(self.conv3(x)))
        return self.act4(self.bn4(self.conv4(x)))


# ---- Keras's Xception, in PyTorch with TensorFlow's padding and Keras's BatchNorm epsilon ---------------------

def scale_channels(channels, width):
    """ftd's width rule (Math.round: halves go up); width 1 is the published network."""
    return max(8, math.floor(channels * width + 0.5))


def same_pad(x, kernel, stride, value=0.0):
    """TensorFlow's 'same' padding: the odd pixel goes after."""
    pads = []
    for size in (x.shape[3], x.shape[2]):
        total = max((math.ceil(size / stride) - 1) * stride + kernel - size, 0)
        pads += [total // 2, total - total // 2]
    return F.pad(x, pads, value=value)


class KerasSeparable(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.depthwise = nn.Conv2d(cin, cin, 3, padding=1, groups=cin, bias=False)
        self.pointwise = nn.Conv2d(cin, cout, 1, bias=False)

    def forward(self, x):
        return self.pointwise(self.depthwise(x))


class KerasXception(nn.Module):
    """Layers keyed by the names Keras gives them, in the order of the model's layers (which is the order its
    h5 files hold them in); the four shortcut layers are unnamed in Keras's source, so they carry its generated
    names."""

    def __init__(self, width, middle_blocks):
        super().__init__()
        c = lambda n: scale_channels(n, width)
        self.middle_blocks = middle_blocks
        self.named = nn.ModuleDict()
        bn = lambda n: nn.BatchNorm2d(n, eps=1e-3)
        self.named["block1_conv1"] = nn.Conv2d(3, c(32), 3, 2, bias=False)
        self.named["block1_conv1_bn"] = bn(c(32))
        self.named["block1_conv2"] = nn.Conv2d(c(32), c(64), 3, bias=False)
        self.named["block1_conv2_bn"] = bn(c(64))
        channels = c(64)
        self.entry = [(2, [c(128), c(128)]), (3, [c(256), c(256)]), (4, [c(728), c(728)])]
        for shortcut, (block, outs) in enumerate(self.entry, start=1):
            self._separables(block, channels, outs, bn)
            self.named[f"conv2d_{shortcut}"] = nn.Conv2d(channels, outs[-1], 1, 2, bias=False)
            self.named[f"batch_normalization_{shortcut}"] = bn(outs[-1])
            channels = outs[-1]
        for block in range(5, 5 + middle_blocks):
            self._separables(block, channels, [channels] * 3, bn)
        self.exit_block = 5 + middle_blocks
        self._separables(self.exit_block, channels, [c(728), c(1024)], bn)
        self.named["conv2d_4"] = nn.Conv2d(channels, c(1024), 1, 2, bias=False)
        self.named["batch_normalization_4"] = bn(c(1024))
        self._separables(self.exit_block + 1, c(1024), [c(1536), c(2048)], bn)

    def _separables(self, block, cin, outs, bn):
        for i, out in enumerate(outs, start=1):
            self.named[f"block{block}_sepconv{i}"] = KerasSeparable(cin, out)
            self.named[f"block{block}_sepconv{i}_bn"] = bn(out)
            cin = out

    def _units(self, block, x, count, relu_first=True):
        for i in range(1, count + 1):
            if i > 1 or relu_first:
                x = F.relu(x)
            x = self.named[f"block{block}_sepconv{i}_bn"](self.named[f"block{block}_sepconv{i}"](x))
        return x

    def _downsampling(self, block, shortcut, x, relu_first=True):
        residual = self.named[f"batch_normalization_{shortcut}"](self.named[f"conv2d_{shortcut}"](x))
        y = self._units(block, x, 2, relu_first)
        return F.max_pool2d(same_pad(y, 3, 2, -math.inf), 3, 2) + residual

    def forward(self, x):
        x = F.relu(self.named["block1_conv1_bn"](self.named["block1_conv1"](x)))
        x = F.relu(self.named["block1_conv2_bn"](self.named["block1_conv2"](x)))
        for shortcut, (block, _) in enumerate(self.entry, start=1):
            x = self._downsampling(block, shortcut, x, relu_first=block != 2)
        for block in range(5, 5 + self.middle_blocks):
            x = x + self._units(block, x, 3)
        x = self._downsampling(self.exit_block, 4, x)
        for i in (1, 2):
            name = f"block{self.exit_block + 1}_sepconv{i}"
            x = F.relu(self.named[f"{name}_bn"](self.named[name](x)))
        return x


def keras_weights(module):
    """A layer's weights in Keras's order and layout (kernels HWIO, depthwise [kh, kw, C, 1])."""
    hwio = lambda w: w.detach().permute(2, 3, 1, 0).numpy()
    if isinstance(module, nn.BatchNorm2d):
        values = [module.weight, module.bias, module.running_mean, module.running_var]
        return list(zip(["gamma", "beta", "moving_mean", "moving_variance"], [v.detach().numpy() for v in values]))
    if isinstance(module, KerasSeparable):
        depthwise = module.depthwise.weight.detach().permute(2, 3, 0, 1).numpy()
        return [("depthwise_kernel", depthwise), ("pointwise_kernel", hwio(module.pointwise.weight))]
    return [("kernel", hwio(module.weight))]


def keras_layer_names(net):
    """Every layer of the Keras model in its order, weightless ones included (activations, pools, adds)."""
    pool_blocks = [block for block, _ in net.entry] + [net.exit_block]
    names, adds = ["input_1"], 0
    for name in net.named:
        exit_flow = name.startswith(f"block{net.exit_block + 1}_")
        if "_sepconv" in name and not name.endswith("_bn") and name != "block2_sepconv1" and not exit_flow:
            names.append(f"{name}_act")
        if name.startswith("batch_normalization_"):
            names.append(f"block{pool_blocks[int(name.rsplit('_', 1)[1]) - 1]}_pool")
        names.append(name)
        if name.startswith("block1_conv") and name.endswith("_bn") or exit_flow and name.endswith("_bn"):
            names.append(name[: -len("_bn")] + "_act")
        if name.startswith("batch_normalization_") or name.endswith("sepconv3_bn"):
            adds += 1
            names.append(f"add_{adds}")
    return names


def write_keras_h5(path, net, legacy_names):
    """save_weights's layout: attributes layer_names (every layer) on the file, weight_names on each layer's group,
    datasets at <layer>/<weight name>. Keras 1 named every layer itself (convolution2d_1, ...) and its weights
    <layer>_<name>:0, with running_std for the moving variance."""
    counters = {}
    legacy = {}
    for name, module in net.named.items():
        kind = {nn.BatchNorm2d: "batchnormalization", KerasSeparable: "separableconvolution2d"}.get(type(module), "convolution2d")
        counters[kind] = counters.get(kind, 0) + 1
        legacy[name] = f"{kind}_{counters[kind]}"
    with h5py.File(path, "w") as f:
        layers = keras_layer_names(net)
        f.attrs["layer_names"] = [(legacy.get(n, n) if legacy_names else n).encode() for n in layers]
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = b"1.2.2" if legacy_names else b"2.1.6"
        for layer in layers:
            module = net.named[layer] if layer in net.named else None
            group_name = legacy.get(layer, layer) if legacy_names else layer
            group = f.create_group(group_name)
            weights = keras_weights(module) if module is not None else []
            names = []
            for weight, value in weights:
                if legacy_names:
                    weight = {"moving_mean": "running_mean", "moving_variance": "running_std", "kernel": "W"}.get(weight, weight)
                    names.append(f"{group_name}_{weight}:0")
                else:
                    names.append(f"{group_name}/{weight}:0")
                group.create_dataset(names[-1], data=np.ascontiguousarray(value, dtype=np.float32))
            group.attrs["weight_names"] = np.array([n.encode() for n in names], dtype="S") if names else np.array([], dtype="S")


# ---- weights, features, files ---------------------------------------------------------------------------------

def calibrate(net, size, generator):
    """Non-trivial BatchNorm: affine terms away from 1/0 and running statistics gathered from random batches, so
    that features stay of order 1 through every layer (random statistics would blow them up or wipe them out)."""
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.weight.data.uniform_(0.6, 1.4, generator=generator)
            m.bias.data.normal_(0, 0.2, generator=generator)
            m.reset_running_stats()
            m.momentum = None
    net.train()
    with torch.no_grad():
        for _ in range(3):
            net_input = torch.rand(4, 3, size, size, generator=generator)
            (net.forward_features if hasattr(net, "forward_features") else net)(net_input)
    net.eval()


def normalized(x, scaling):
    mean = torch.tensor(scaling["mean"]).view(1, 3, 1, 1)
    std = torch.tensor(scaling["std"]).view(1, 3, 1, 1)
    return (x - mean) / std


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        tensor = tensors[name].detach().contiguous()
        dtype, numpy_type = {torch.float32: ("F32", "<f4"), torch.int64: ("I64", "<i8")}[tensor.dtype]
        data = tensor.numpy().astype(numpy_type).tobytes()
        header[name] = {"dtype": dtype, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


class TorchvisionTrunk(nn.Module):
    """torchvision's ResNet up to layer4 (its avgpool and fc dropped)."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        n = self.net
        x = n.maxpool(n.relu(n.bn1(n.conv1(x))))
        return n.layer4(n.layer3(n.layer2(n.layer1(x))))


def main():
    out, request = sys.argv[1], json.loads(sys.argv[2])
    size, batch = request["size"], request["batch"]
    torch.manual_seed(request["seed"])
    torch.set_num_threads(1)
    generator = torch.Generator().manual_seed(request["seed"])
    image = torch.rand(batch, 3, size, size, generator=generator)
    features = {"input": image}
    scalings = {}

    for name, build in (("resnet18", torchvision.models.resnet18), ("resnet34", torchvision.models.resnet34)):
        trunk = TorchvisionTrunk(build(weights=None))
        calibrate(trunk, size, generator)
        write_safetensors(f"{out}/{name}.safetensors", trunk.net.state_dict())
        with torch.no_grad():
            features[name] = trunk(normalized(image, IMAGENET))
        scalings[name] = IMAGENET

    for name, shape in (("xception-timm", {"widthMultiplier": 1, "middleBlocks": 8}), ("xception-timm-narrow", request["timmNarrow"])):
        timm = TimmXception(width=shape["widthMultiplier"], middle_blocks=shape["middleBlocks"])
        calibrate(timm, size, generator)
        write_safetensors(f"{out}/{name}.safetensors", timm.state_dict())
        with torch.no_grad():
            features[name] = timm.forward_features(normalized(image, PLUS_MINUS_ONE))
        scalings[name] = PLUS_MINUS_ONE

    keras = KerasXception(request["keras"]["widthMultiplier"], request["keras"]["middleBlocks"])
    calibrate(keras, size, generator)
    write_keras_h5(f"{out}/xception-keras.h5", keras, legacy_names=False)
    write_keras_h5(f"{out}/xception-keras1.h5", keras, legacy_names=True)
    with torch.no_grad():
        features["xception-keras"] = keras(normalized(image, PLUS_MINUS_ONE))
    scalings["xception-keras"] = PLUS_MINUS_ONE

    write_safetensors(f"{out}/features.safetensors", features)
    versions = {"torch": torch.__version__, "torchvision": torchvision.__version__, "h5py": h5py.__version__}
    with open(f"{out}/manifest.json", "w") as f:
        json.dump({"versions": versions, "scalings": scalings}, f)


if __name__ == "__main__":
    main()
