#!/usr/bin/python3
"""scikit-learn's L-BFGS on full Fashion-MNIST: the peer of `softmax train --solver lbfgs`.

    /usr/bin/python3 bench/peers/sklearn_lbfgs.py [--C C | --l2 λ] [--tol 1e-4] [--max-iter 1000] [--data DIR]

Fits LogisticRegression(solver='lbfgs', C, tol, max_iter) (multinomial, scikit-learn 1.2, Debian's
python3-sklearn) on the 60,000 training images, pixels / 255, and prints one JSON line:
seconds (the fit alone), iterations, objective J = mean CE + λ/2·‖W‖² with λ = 1/(n·C) (the value
SoftmaxSharp minimizes; scikit-learn's own C·Σ CE + ½‖W‖² is n·C·J), the final ‖∇J‖∞, train and
test accuracy, and the process's peak RSS in MB. Threads: whatever numpy's BLAS uses by default.
"""
import argparse
import json
import time
import warnings

import numpy as np
import sklearn
from scipy.special import logsumexp
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

import idx


def objective(x, y, coef, intercept, l2):
    """J = (1/n) Σ (logsumexp(zᵢ) − zᵢ,yᵢ) + λ/2·‖W‖², and ‖∇J‖∞, in float64."""
    z = x @ coef.T + intercept
    lse = logsumexp(z, axis=1)
    p = np.exp(z - lse[:, None])
    p[np.arange(len(y)), y] -= 1
    grad_w = p.T @ x / len(y) + l2 * coef
    grad_b = p.sum(axis=0) / len(y)
    j = float(np.mean(lse - z[np.arange(len(y)), y]) + l2 / 2 * np.sum(coef * coef))
    return j, float(max(np.abs(grad_w).max(), np.abs(grad_b).max()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--C", type=float)
    parser.add_argument("--l2", type=float, help="λ; C = 1/(n·λ)")
    parser.add_argument("--tol", type=float, default=1e-4)
    parser.add_argument("--max-iter", type=int, default=1000)
    args = parser.parse_args()

    x, y, x_test, y_test = idx.load(args.data)                                # pixels / 255 as float32, as SoftmaxSharp's x / 255f
    n = len(y)
    if args.C is not None and args.l2 is not None:
        raise SystemExit("give --C or --l2, not both")
    c = args.C if args.C is not None else 1 / (n * args.l2) if args.l2 is not None else 1.0
    l2 = 1 / (n * c)
    x64, x_test64 = x.astype(np.float64), x_test.astype(np.float64)   # what scikit-learn converts to for lbfgs

    model = LogisticRegression(solver="lbfgs", C=c, tol=args.tol, max_iter=args.max_iter)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = time.perf_counter()
        model.fit(x64, y)
        seconds = time.perf_counter() - start
    j, gradient_norm = objective(x64, y, model.coef_, model.intercept_, l2)
    print(json.dumps({
        "system": f"scikit-learn {sklearn.__version__} LogisticRegression(solver='lbfgs')",
        "C": c, "l2": l2, "tol": args.tol, "max_iter": args.max_iter,
        "seconds": round(seconds, 3),
        "iterations": int(model.n_iter_[0]),
        "objective": j,
        "gradient_norm": gradient_norm,
        "train_accuracy": float(model.score(x64, y)),
        "test_accuracy": float(model.score(x_test64, y_test)),
        "peak_rss_mb": round(idx.peak_rss_bytes() / 2**20, 1),
    }))


if __name__ == "__main__":
    main()
