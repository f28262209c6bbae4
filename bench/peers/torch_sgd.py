"""PyTorch's side of the benchmark: the lectures' training loop on Fashion-MNIST, timed.

  lecture:    nn.Linear(784, 10), CrossEntropyLoss, SGD lr 0.1, batch 32, 10 epochs (shuffled each epoch)
  full:       the same model, full-batch gradient descent, 100 steps, lr 0.1

Batches are taken by indexing the tensors with a random permutation (no DataLoader: its per-batch
Python overhead would make PyTorch look slower than it can be). Prints one JSON object.
Run with Debian's /usr/bin/python3 (python3-torch); threads = 2 unless --threads says otherwise.
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn

import idx


def train(x, y, batch, epochs, lr, seed):
    torch.manual_seed(seed)
    model = nn.Linear(x.shape[1], 10)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(seed)
    n = x.shape[0]
    epoch_seconds = []
    start = time.perf_counter()
    for _ in range(epochs):
        epoch_start = time.perf_counter()
        order = torch.randperm(n, generator=generator) if batch < n else None
        for b in range(0, n, batch):
            if order is None:
                xb, yb = x, y
            else:
                rows = order[b:b + batch]
                xb, yb = x[rows], y[rows]
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
        epoch_seconds.append(time.perf_counter() - epoch_start)
    return model, time.perf_counter() - start, epoch_seconds, loss.item()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=idx.DEFAULT_DIRECTORY)
    parser.add_argument("--setup", choices=["lecture", "full"], default="lecture")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    x_train, y_train, x_test, y_test = (torch.from_numpy(a) for a in idx.load(args.data))
    batch, epochs = (32, 10) if args.setup == "lecture" else (x_train.shape[0], 100)
    model, seconds, epoch_seconds, last_loss = train(x_train, y_train, batch, epochs, 0.1, args.seed)
    with torch.no_grad():
        accuracy = (model(x_test).argmax(1) == y_test).double().mean().item()
    print(json.dumps({
        "system": "PyTorch", "version": torch.__version__, "threads": torch.get_num_threads(),
        "setup": args.setup, "batch_size": batch, "epochs": epochs, "lr": 0.1,
        "seconds": seconds, "epoch_seconds_median": statistics.median(epoch_seconds[1:] or epoch_seconds),
        "last_batch_loss": last_loss, "test_accuracy": accuracy, "peak_rss_bytes": idx.peak_rss_bytes(),
    }))


if __name__ == "__main__":
    main()
