#!/usr/bin/env bash
# Installs the Debian packages the tests use. Idempotent and quiet; run as root (or through sudo).
#   mesa-vulkan-drivers >= 25 (bookworm-backports): lavapipe, the Vulkan driver tfjs-webgpu (Dawn) and
#     onnxruntime-node's webgpu EP run on when there is no GPU.
#   chromium: the browser tests (driven by playwright-core, never a downloaded browser).
#   python3-onnx: the reference ONNX checker (onnx.checker.check_model, full_check) for every export.
#   python3-torch: the PyTorch mirror of the model that `ftd bench train` compares with; a test checks that
#     it has exactly ftd's parameters (the demo does not need it).
#   python3-torchvision, python3-h5py: the tests of `ftd train --init` write torchvision's ResNets, timm's
#     Xception layout and Keras's h5 layout with random weights and compare ftd's features with PyTorch's.
#   ffmpeg: ffprobe and ffmpeg, which `ftd infer` and `ftd crop` run to read videos (frames sampled evenly);
#     the video tests make their clip with it.
set -euo pipefail
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
mesa_ok() {
  local v; v=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true)
  [ -n "$v" ] && dpkg --compare-versions "$v" ge 25
}

codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
if [ "$codename" = bookworm ] && ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo "deb http://deb.debian.org/debian bookworm-backports main" | $SUDO tee /etc/apt/sources.list.d/backports.list >/dev/null
fi

need=()
for p in chromium python3-onnx python3-torch python3-torchvision python3-h5py ffmpeg libvulkan1 fonts-dejavu-core; do have "$p" || need+=("$p"); done
if [ ${#need[@]} -gt 0 ] || ! mesa_ok; then
  $SUDO apt-get update -qq >/dev/null
  [ ${#need[@]} -eq 0 ] || $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  if ! mesa_ok; then
    if [ "$codename" = bookworm ]; then
      $SUDO apt-get install -y -qq --no-install-recommends -t bookworm-backports mesa-vulkan-drivers libvulkan1 >/dev/null
    else
      $SUDO apt-get install -y -qq --no-install-recommends mesa-vulkan-drivers >/dev/null
    fi
  fi
fi
echo "system packages: chromium $(dpkg-query -W -f='${Version}' chromium), mesa-vulkan-drivers $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers), python3-onnx $(dpkg-query -W -f='${Version}' python3-onnx), python3-torch $(dpkg-query -W -f='${Version}' python3-torch), python3-torchvision $(dpkg-query -W -f='${Version}' python3-torchvision), python3-h5py $(dpkg-query -W -f='${Version}' python3-h5py), ffmpeg $(dpkg-query -W -f='${Version}' ffmpeg)"
