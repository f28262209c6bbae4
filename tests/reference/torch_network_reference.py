#!/usr/bin/python3
"""PyTorch reference for NetworkPyTorchAgreementTests: a 4-8-3 network (tanh, ReLU, leaky ReLU 0.1, sigmoid,
linear hidden units; softmax output through CrossEntropyLoss) trained by plain SGD on a slice of Iris.

Run with Debian's Python (torch + numpy):  /usr/bin/python3 tests/reference/torch_network_reference.py
Writes tests/SoftmaxSharp.Tests/Data/torch_network_<activation>.txt, each a '#' header and then lines
'name v1 v2 ...': the data slice (x: 30 rows of 4 raw features, y: class indices in the CSV's order of first
appearance), the initial W1 [8x4], b1 [8], W2 [3x8], b2 [3] (drawn here from a fixed seed), the train loss of
every epoch, and W1, b1, W2, b2 after training, as round-trip float32 ('.9g'). W is [out, in] as nn.Linear stores it.
"""
import csv
import os

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
IRIS = os.path.join(HERE, "..", "..", "src", "SoftmaxSharp", "Data", "Embedded", "iris.csv")
OUT = os.path.join(HERE, "..", "SoftmaxSharp.Tests", "Data")
HIDDEN, LR, BATCH, EPOCHS = 8, 0.1, 10, 3
ACTIVATIONS = {
    "tanh": nn.Tanh(),
    "relu": nn.ReLU(),
    "leaky-relu": nn.LeakyReLU(0.1),
    "sigmoid": nn.Sigmoid(),
    "linear": nn.Identity(),
}


def iris_slice():
    with open(IRIS) as f:
        rows = list(csv.reader(f))[1:]
    rows = [r for i, r in enumerate(rows) if i % 5 == 0]      # every fifth row: 30 rows, 10 per class
    classes = []
    for r in rows:
        if r[-1] not in classes:
            classes.append(r[-1])
    x = np.array([[float(v) for v in r[:-1]] for r in rows], dtype=np.float32)
    y = np.array([classes.index(r[-1]) for r in rows], dtype=np.int64)
    return x, y


def main():
    torch.set_num_threads(1)
    x_np, y_np = iris_slice()
    x, y = torch.from_numpy(x_np), torch.from_numpy(y_np)
    fmt = lambda values: " ".join(format(float(v), ".9g") for v in np.asarray(values).ravel())
    for name, activation in ACTIVATIONS.items():
        torch.manual_seed(2024)
        model = nn.Sequential(nn.Linear(4, HIDDEN), activation, nn.Linear(HIDDEN, 3))
        initial = [p.detach().numpy().copy() for p in model.parameters()]
        optimizer = torch.optim.SGD(model.parameters(), lr=LR)
        loss_fn = nn.CrossEntropyLoss()
        losses = []
        for _ in range(EPOCHS):
            total = 0.0
            for start in range(0, len(y), BATCH):                # file order, no shuffling
                xb, yb = x[start:start + BATCH], y[start:start + BATCH]
                optimizer.zero_grad()
                loss = loss_fn(model(xb), yb)
                loss.backward()
                optimizer.step()
                total += loss.item() * len(yb)
            losses.append(total / len(y))
        final = [p.detach().numpy() for p in model.parameters()]
        path = os.path.join(OUT, f"torch_network_{name}.txt")
        with open(path, "w") as f:
            f.write(f"# Made by tests/reference/torch_network_reference.py with torch {torch.__version__}, numpy {np.__version__}\n")
            f.write(f"# Iris rows 0, 5, 10, ... (raw features), nn.Sequential(Linear(4, {HIDDEN}), {activation}, Linear({HIDDEN}, 3)),\n")
            f.write(f"# CrossEntropyLoss, SGD lr={LR}, batch {BATCH} in file order, {EPOCHS} epochs, torch.manual_seed(2024) initial weights.\n")
            f.write("x " + fmt(x_np) + "\n")
            f.write("y " + " ".join(str(int(v)) for v in y_np) + "\n")
            for label, values in zip(["W1", "b1", "W2", "b2"], initial):
                f.write(f"initial.{label} " + fmt(values) + "\n")
            f.write("loss " + fmt(np.array(losses, dtype=np.float64)) + "\n")
            for label, values in zip(["W1", "b1", "W2", "b2"], final):
                f.write(f"final.{label} " + fmt(values) + "\n")
        print(f"wrote {os.path.normpath(path)}: losses {', '.join(format(l, '.6f') for l in losses)}")


if __name__ == "__main__":
    main()
