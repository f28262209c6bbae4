"""Fashion-MNIST (or any MNIST-format) IDX files as numpy arrays, for the peer scripts.

The same files SoftmaxSharp's IdxReader reads: big-endian header (magic, sizes), then unsigned bytes.
"""
import gzip
import os
import struct

import numpy as np

DEFAULT_DIRECTORY = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    """The array an IDX file holds (uint8), shaped as its header says; raw or .gz."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">i", data[:4])[0]
    rank = magic & 0xFF
    shape = struct.unpack(">" + "i" * rank, data[4:4 + 4 * rank])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(shape)


def _find(directory, prefix, kind):
    for name in (f"{prefix}-{kind}-idx{3 if kind == 'images' else 1}-ubyte.gz", f"{prefix}-{kind}-idx{3 if kind == 'images' else 1}-ubyte"):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            return path
    raise FileNotFoundError(f"no {prefix} {kind} file in {directory}")


def load(directory=DEFAULT_DIRECTORY):
    """(X_train [n, 784] float32 in [0, 1], y_train [n] int64, X_test, y_test): pixels / 255, as SoftmaxSharp's --scale pixels."""
    out = []
    for prefix in ("train", "t10k"):
        images = read_idx(_find(directory, prefix, "images"))
        labels = read_idx(_find(directory, prefix, "labels"))
        out.append(images.reshape(len(images), -1).astype(np.float32) / np.float32(255))
        out.append(labels.astype(np.int64))
    return tuple(out)


def peak_rss_bytes():
    """The process's peak resident set size: the kernel's VmHWM of /proc/self/status (KiB). Not getrusage's ru_maxrss:
    Linux carries that over from the parent across exec, so a script started by the bench would report the bench's peak."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("/proc/self/status has no VmHWM line")
