#!/usr/bin/python3
"""PyTorch reference for PyTorchAgreementTests: one epoch of mini-batch SGD on the first 1000
Fashion-MNIST training images, from zero weights, rows in file order.

Run with Debian's Python (torch + numpy):  /usr/bin/python3 tests/reference/torch_sgd_reference.py
Writes tests/SoftmaxSharp.Tests/Data/torch_sgd_1000x1epoch.txt: a '#' header, then the epoch's
train loss (per-batch mean losses before each step, weighted by batch size), b (10 values) and
W (10 rows of 784), every value as a round-trip float32 ('.9g').
"""
import gzip
import os
import sys

import numpy as np
import torch
from torch import nn, optim

DATA = "/usr/share/datasets/fashion-mnist"
ROWS, BATCH, LR = 1000, 32, 0.1
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "SoftmaxSharp.Tests", "Data", "torch_sgd_1000x1epoch.txt")


def read_idx(name, magic, header):
    with gzip.open(os.path.join(DATA, name), "rb") as f:
        raw = f.read()
    got = int.from_bytes(raw[:4], "big")
    if got != magic:
        sys.exit(f"{name}: magic 0x{got:08x}, expected 0x{magic:08x}")
    return np.frombuffer(raw, dtype=np.uint8, offset=header)


def main():
    torch.set_num_threads(1)
    images = read_idx("train-images-idx3-ubyte.gz", 0x803, 16).reshape(-1, 784)[:ROWS]
    labels = read_idx("train-labels-idx1-ubyte.gz", 0x801, 8)[:ROWS]
    x = torch.from_numpy(images.astype(np.float32)) / 255.0    # float32, as Scaling.Pixels
    y = torch.from_numpy(labels.astype(np.int64))

    model = nn.Linear(784, 10)
    with torch.no_grad():
        model.weight.zero_()
        model.bias.zero_()
    loss_fn = nn.CrossEntropyLoss()
    optimizer = optim.SGD(model.parameters(), lr=LR)

    weighted = 0.0
    for start in range(0, ROWS, BATCH):                        # file order; last batch has 8 rows
        xb, yb = x[start:start + BATCH], y[start:start + BATCH]
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)                          # mean over this batch's rows
        loss.backward()
        optimizer.step()
        weighted += loss.item() * len(yb)
    train_loss = weighted / ROWS

    fmt = lambda v: format(float(v), ".9g")
    with open(OUT, "w") as f:
        f.write("# Made by tests/reference/torch_sgd_reference.py with torch " + torch.__version__ + ", numpy " + np.__version__ + "\n")
        f.write(f"# First {ROWS} Fashion-MNIST training rows, pixels/255 (float32), nn.Linear(784, 10) zeroed,\n")
        f.write(f"# CrossEntropyLoss, SGD lr={LR}, batch {BATCH} in file order, 1 epoch, 1 thread.\n")
        f.write("# Line 1: train loss (batch losses before each step, size-weighted mean); line 2: b [10]; then W [10 x 784], one class per line.\n")
        f.write(fmt(train_loss) + "\n")
        f.write(" ".join(fmt(v) for v in model.bias.detach().numpy()) + "\n")
        for row in model.weight.detach().numpy():
            f.write(" ".join(fmt(v) for v in row) + "\n")
    print(f"wrote {os.path.normpath(OUT)}: loss {fmt(train_loss)}")


if __name__ == "__main__":
    main()
