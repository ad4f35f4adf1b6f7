"""The reference `ftd bench train` measures tfjs against: ftd's learning-to-mask model, built in PyTorch from the
model config ftd passes, trained on synthetic batches as measure-training.ts trains it.

usage: pytorch_reference.py REQUEST_JSON
  REQUEST_JSON: {"mode": "measure" | "parameters", "model": <ftd ModelConfig>, "momentum", "learningRate",
                 "preset", "batchSize", "warmup", "steps", "threads", "seed"}
prints one JSON line: a TrainBenchRow (train-measurement.ts) for "measure", {"parameters": N} for "parameters".

The mirror follows ftd's modules (src/training/backbones, src/training/model, src/training/modules) so that
both sides do the same arithmetic: Keras's Xception (or torchvision's ResNet) with ftd's channel rounding and
output-stride plan, bias-free convolutions + BatchNorm with ftd's epsilon and momentum, a fused q/k/v ViT with
exact GELU, the top-k mask, deep mixup, three BCE losses plus the weighted diversity loss, SGD with momentum.
Its parameter count equals ftd's (a unit test checks it). Written for Debian's python3-torch (1.13, CPU); a
CUDA build trains on the GPU instead, for comparison with tfjs-webgpu on a GPU machine.
"""
import json
import math
import sys
import time


def unavailable(reason):
    print(json.dumps({"status": "unavailable", "backend": "torch", "reason": reason}))
    sys.exit(0)


try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError:
    unavailable(f"{sys.executable} has no torch (apt-get install python3-torch)")


def js_round(x):
    """JavaScript's Math.round (halves go up); Python's round() sends halves to even and would change widths."""
    return math.floor(x + 0.5)


def scale_channels(channels, width):
    return max(8, js_round(channels * width))


class StridePlan:
    """DeepLab's output-stride rule, as stride-plan.ts: strides past the output stride become dilation."""

    def __init__(self, output_stride):
        self.output_stride, self.kept, self.rate = output_stride, 1, 1

    def next(self, stride):
        dilation = self.rate
        if stride == 1:
            return 1, dilation
        if self.kept * stride > self.output_stride:
            self.rate *= stride
            return 1, dilation
        self.kept *= stride
        return stride, dilation


def batch_norm(channels, bn):
    # ftd's momentum is the weight of the old running value; PyTorch's is the weight of the new one.
    return nn.BatchNorm2d(channels, eps=bn["epsilon"], momentum=1 - bn["momentum"])


def same_padding(size, kernel, stride, dilation):
    """TensorFlow's 'same' padding (extra pixel at the end), as tfjs computes it."""
    extent = (kernel - 1) * dilation + 1
    total = max((math.ceil(size / stride) - 1) * stride + extent - size, 0)
    return total // 2, total - total // 2


class SameConv(nn.Module):
    """A bias-free convolution with tfjs's 'same' padding (depthwise when groups == channels). At stride 1 that
    padding is symmetric and goes to Conv2d itself; only a strided one pads explicitly (extra pixel at the end)."""

    def __init__(self, cin, cout, kernel, stride=1, dilation=1, groups=1):
        super().__init__()
        symmetric = stride == 1 and (kernel - 1) * dilation % 2 == 0
        self.explicit = not symmetric
        padding = 0 if self.explicit else (kernel - 1) * dilation // 2
        self.conv = nn.Conv2d(cin, cout, kernel, stride=stride, padding=padding, dilation=dilation, groups=groups, bias=False)

    def forward(self, x):
        if self.explicit:
            k, s, d = self.conv.kernel_size[0], self.conv.stride[0], self.conv.dilation[0]
            top, bottom = same_padding(x.shape[2], k, s, d)
            left, right = same_padding(x.shape[3], k, s, d)
            x = F.pad(x, (left, right, top, bottom))
        return self.conv(x)


class SeparableConvBn(nn.Module):
    def __init__(self, cin, cout, dilation, bn):
        super().__init__()
        self.depthwise = SameConv(cin, cin, 3, dilation=dilation, groups=cin)
        self.pointwise = nn.Conv2d(cin, cout, 1, bias=False)
        self.bn = batch_norm(cout, bn)

    def forward(self, x):
        return self.bn(self.pointwise(self.depthwise(x)))


class MaxPoolSame(nn.Module):
    """A 3x3 max pool with tfjs's 'same' padding: symmetric at stride 1, an extra row and column at the end at 2."""

    def __init__(self, stride):
        super().__init__()
        self.stride = stride

    def forward(self, x):
        if self.stride == 1:
            return F.max_pool2d(x, 3, 1, padding=1)
        top, bottom = same_padding(x.shape[2], 3, self.stride, 1)
        left, right = same_padding(x.shape[3], 3, self.stride, 1)
        x = F.pad(x, (left, right, top, bottom), value=-math.inf)
        return F.max_pool2d(x, 3, self.stride)


class XceptionBlock(nn.Module):
    """xception-block.ts: [ReLU] SepConv BN (ReLU SepConv BN)* [MaxPool] + shortcut from the block's input."""

    def __init__(self, cin, outs, relu_first, pool_stride, dilation, bn):
        super().__init__()
        self.relu_first = relu_first
        self.shortcut = None
        self.pool = None
        if pool_stride is not None:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, outs[-1], 1, stride=pool_stride, bias=False), batch_norm(outs[-1], bn))
            self.pool = MaxPoolSame(pool_stride)
        ins = [cin] + outs[:-1]
        self.units = nn.ModuleList(SeparableConvBn(i, o, dilation, bn) for i, o in zip(ins, outs))

    def forward(self, x):
        shortcut = x if self.shortcut is None else self.shortcut(x)
        y = x
        for i, unit in enumerate(self.units):
            y = unit(F.relu(y) if (i > 0 or self.relu_first) else y)
        if self.pool is not None:
            y = self.pool(y)
        return y + shortcut


class Xception(nn.Module):
    """xception.ts: Keras's Xception without its classifier, widths scaled, strides planned."""

    def __init__(self, config):
        super().__init__()
        width = lambda c: scale_channels(c, config["widthMultiplier"])
        plan = StridePlan(config["outputStride"])
        bn = {"epsilon": 1e-3, "momentum": config.get("batchNormMomentum", 0.99)}

        def stem(cin, cout, stride_dilation):
            stride, dilation = stride_dilation
            return nn.Sequential(nn.Conv2d(cin, cout, 3, stride=stride, dilation=dilation, bias=False), batch_norm(cout, bn), nn.ReLU())

        self.conv1 = stem(3, width(32), plan.next(2))
        self.conv2 = stem(width(32), width(64), plan.next(1))
        channels = [width(64)]

        def block(outs, relu_first, pool_stride, dilation):
            made = XceptionBlock(channels[0], outs, relu_first, pool_stride, dilation, bn)
            channels[0] = outs[-1]
            return made

        def downsampling(outs, relu_first):
            stride, dilation = plan.next(2)
            return block(outs, relu_first, stride, dilation)

        self.entry = nn.Sequential(
            downsampling([width(128), width(128)], False),
            downsampling([width(256), width(256)], True),
            downsampling([width(728), width(728)], True),
        )
        middle_dilation = plan.next(1)[1]
        c = channels[0]
        self.middle = nn.Sequential(*[block([c, c, c], True, None, middle_dilation) for _ in range(config.get("middleBlocks", 8))])
        self.exit_block = downsampling([width(728), width(1024)], True)
        dilation = plan.next(1)[1]
        self.exit_convs = nn.ModuleList([SeparableConvBn(channels[0], width(1536), dilation, bn), SeparableConvBn(width(1536), width(2048), dilation, bn)])
        self.out_channels = width(2048)

    def forward(self, x):
        y = self.exit_block(self.middle(self.entry(self.conv2(self.conv1(x)))))
        for conv in self.exit_convs:
            y = F.relu(conv(y))
        return y


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride, dilation, bn):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=dilation, dilation=dilation, bias=False)
        self.bn1 = batch_norm(cout, bn)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=dilation, dilation=dilation, bias=False)
        self.bn2 = batch_norm(cout, bn)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), batch_norm(cout, bn))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        y = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(y)) + identity)


class ResNet(nn.Module):
    """resnet.ts: torchvision's BasicBlock ResNet without its classifier, widths scaled, strides planned."""

    def __init__(self, config, blocks):
        super().__init__()
        width = lambda c: scale_channels(c, config["widthMultiplier"])
        plan = StridePlan(config["outputStride"])
        bn = {"epsilon": 1e-5, "momentum": config.get("batchNormMomentum", 0.9)}
        channels = width(64)
        self.stem = nn.Sequential(nn.Conv2d(3, channels, 7, stride=plan.next(2)[0], padding=3, bias=False), batch_norm(channels, bn), nn.ReLU())
        self.pool = nn.MaxPool2d(3, plan.next(2)[0], padding=1)
        layers = []
        for stage, count in enumerate(blocks):
            cout = width(64 << stage)
            stride, dilation = plan.next(1 if stage == 0 else 2)
            layer = [BasicBlock(channels, cout, stride, dilation, bn)]
            for _ in range(1, count):
                layer.append(BasicBlock(cout, cout, 1, plan.next(1)[1], bn))
            layers.append(nn.Sequential(*layer))
            channels = cout
        self.layers = nn.Sequential(*layers)
        self.out_channels = channels

    def forward(self, x):
        return self.layers(self.pool(self.stem(x)))


def create_backbone(config):
    architecture = config["architecture"]
    if architecture == "xception":
        return Xception(config)
    if architecture in ("resnet18", "resnet34"):
        return ResNet(config, [2, 2, 2, 2] if architecture == "resnet18" else [3, 4, 6, 3])
    raise ValueError(f"backbone architecture {architecture!r} is not mirrored here")


class TransformerBlock(nn.Module):
    """transformer-block.ts with multi-head-attention.ts: pre-norm, one fused q/k/v projection, exact GELU."""

    def __init__(self, dim, heads, mlp_dim):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = nn.Sequential(nn.Linear(dim, mlp_dim), nn.GELU(), nn.Linear(mlp_dim, dim))

    def forward(self, x):
        n, t, d = x.shape
        qkv = self.qkv(self.norm1(x)).reshape(n, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attention = torch.softmax((q * (d // self.heads) ** -0.5) @ k.transpose(-1, -2), dim=-1)
        context = (attention @ v).transpose(1, 2).reshape(n, t, d)
        y = x + self.proj(context)
        return y + self.mlp(self.norm2(y)), attention


class LearningToMask(nn.Module):
    """learning-to-mask.ts: teacher (CNN + ViT) and student (CNN + MLP head), trained on one loss."""

    def __init__(self, config):
        super().__init__()
        self.config = config
        vit = config["vit"]
        self.teacher_backbone = create_backbone(config["teacherBackbone"])
        self.student_backbone = create_backbone(config["studentBackbone"])
        c, d = self.teacher_backbone.out_channels, vit["dim"]
        side = config["imageSize"] // config["teacherBackbone"]["outputStride"]
        self.positions = side * side
        self.k = js_round(config["maskRatio"] * self.positions)
        self.cnn_head = nn.Linear(c, 1)
        self.projection = nn.Linear(c, d)
        self.class_token = nn.Parameter(torch.zeros(1, 1, d))
        self.position_embedding = nn.Parameter(torch.zeros(1, self.positions + 1, d))
        self.blocks = nn.ModuleList(TransformerBlock(d, vit["heads"], vit["mlpDim"]) for _ in range(vit["blocks"]))
        self.norm = nn.LayerNorm(d, eps=1e-6)
        self.vit_head = nn.Linear(d, 1)
        s = self.student_backbone.out_channels
        self.head = nn.Sequential(nn.Linear(s, config["headHidden"]), nn.ReLU(), nn.Linear(config["headHidden"], 1))

    def mask(self, attention):
        strategy, n = self.config["maskStrategy"], attention.shape[0]
        if strategy == "none":
            return torch.ones_like(attention)
        if strategy == "random":
            scores = torch.rand_like(attention)
        else:
            scores = attention if strategy == "high" else -attention
        chosen = scores.topk(self.k, dim=1).indices
        return torch.ones_like(attention).scatter(1, chosen, 0.0)

    def forward(self, images, labels):
        bce = F.binary_cross_entropy_with_logits
        xt = self.teacher_backbone(images)
        n = xt.shape[0]
        cnn_logit = self.cnn_head(xt.mean((2, 3))).squeeze(1)
        tokens = self.projection(xt.flatten(2).transpose(1, 2))
        tokens = torch.cat([self.class_token.expand(n, -1, -1), tokens], 1) + self.position_embedding
        for block in self.blocks:
            tokens, head_attention = block(tokens)
        vit_logit = self.vit_head(self.norm(tokens)[:, 0]).squeeze(1)
        attention = head_attention[:, :, 0, 1:].mean(1)
        # diversity-loss.ts: mean over samples of the heads' pairwise cosine similarity, off the diagonal, / h^2.
        flat = head_attention.flatten(2)
        unit = flat / torch.sqrt((flat * flat).sum(2, keepdim=True) + 1e-12)
        cosine = unit @ unit.transpose(1, 2)
        heads = cosine.shape[1]
        diversity = (cosine * (1 - torch.eye(heads, device=cosine.device))).sum((1, 2)).mean() / heads**2
        mask = self.mask(attention.detach())
        xs = self.student_backbone(images)
        features = (xs * mask.view(n, 1, xs.shape[2], xs.shape[3])).mean((2, 3))
        targets = labels
        if self.config["mixup"]:
            alpha = self.config["mixupAlpha"]
            partners = torch.randperm(n, device=features.device)
            concentration = torch.tensor(float(alpha), device=features.device)
            lam = torch.distributions.Beta(concentration, concentration).sample((n,))
            mixed = lam[:, None] * features + (1 - lam[:, None]) * features[partners]
            features = torch.cat([features, mixed])
            targets = torch.cat([labels, lam * labels + (1 - lam) * labels[partners]])
        student = bce(self.head(features).squeeze(1), targets)
        return bce(cnn_logit, labels) + bce(vit_logit, labels) + self.config["diversityWeight"] * diversity + student


def leaf_operator_calls(step):
    """Operator calls of one step that call no other operator: PyTorch's nearest equivalent of kernel launches."""
    with torch.autograd.profiler.profile() as profile:
        step()
    return sum(1 for event in profile.function_events if not event.cpu_children)


def measure(request, model):
    # A CUDA build on a machine with a GPU trains there, as tfjs-webgpu would; Debian's torch is CPU-only.
    cuda = torch.cuda.is_available()
    device = torch.device("cuda" if cuda else "cpu")
    model.to(device)
    torch.manual_seed(request["seed"])
    batch, size = request["batchSize"], request["model"]["imageSize"]
    # Made on the host and copied in each step, as tfjs uploads its batch in each step.
    batches = [torch.rand(batch, 3, size, size) for _ in range(2)]
    labels = torch.tensor([i % 2 for i in range(batch)], dtype=torch.float32)
    optimizer = torch.optim.SGD(model.parameters(), lr=request["learningRate"], momentum=request["momentum"])

    def step(index=0):
        optimizer.zero_grad()
        loss = model(batches[index % 2].to(device), labels.to(device))
        loss.backward()
        value = loss.item()
        optimizer.step()
        if cuda:
            # The update is queued after the loss is read; wait for it, as measure-training.ts does.
            torch.cuda.synchronize()
        return value

    started = time.perf_counter()
    step(0)
    first = time.perf_counter() - started
    for i in range(1, request["warmup"]):
        step(i)
    kernels = leaf_operator_calls(step)
    seconds = []
    host = time.thread_time()
    for i in range(request["steps"]):
        started = time.perf_counter()
        step(request["warmup"] + i)
        seconds.append(time.perf_counter() - started)
    host = time.thread_time() - host
    return {
        "status": "measured",
        "backend": "torch",
        "package": f"torch {torch.__version__}",
        "device": f"cuda: {torch.cuda.get_device_name()}" if cuda else f"cpu, {torch.get_num_threads()} threads",
        "warnings": [],
        "preset": request["preset"],
        "imageSize": size,
        "batchSize": batch,
        "warmup": request["warmup"],
        "steps": request["steps"],
        "firstStepSeconds": first,
        "stepSeconds": seconds,
        "imagesPerSecond": batch * request["steps"] / sum(seconds),
        "parameters": sum(p.numel() for p in model.parameters()),
        "kernelsPerStep": kernels,
        "hostSecondsPerStep": host / request["steps"],
        "hostClock": "main thread",
    }


def main():
    request = json.loads(sys.argv[1])
    torch.set_num_threads(request.get("threads", torch.get_num_threads()))
    torch.manual_seed(request.get("seed", 0))
    model = LearningToMask(request["model"])
    if request.get("mode") == "parameters":
        print(json.dumps({"parameters": sum(p.numel() for p in model.parameters())}))
        return
    model.train()
    print(json.dumps(measure(request, model)))


if __name__ == "__main__":
    main()
