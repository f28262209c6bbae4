"""scikit-learn's side of the benchmark: multinomial LogisticRegression with lbfgs on Fashion-MNIST.

SoftmaxSharp minimizes  (1/n) Σ CE + (λ/2)‖W‖²  (biases not penalized); scikit-learn minimizes
C Σ CE + (1/2)‖W‖²  (intercept not penalized). Dividing the latter by C·n gives the former with
λ = 1/(n·C), so C = 1/(n·λ). The objective printed is ours, computed from the fitted coefficients.
Prints one JSON object. Run with Debian's /usr/bin/python3 (python3-sklearn).
"""
import argparse
import json
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

import idx


def objective(coef, intercept, x, y, lam):
    """(1/n) Σ (logsumexp(zᵢ) − zᵢ,yᵢ) + (λ/2)‖W‖², in float64."""
    z = x.astype(np.float64) @ coef.T + intercept
    top = z.max(axis=1, keepdims=True)
    log_sum_exp = top[:, 0] + np.log(np.exp(z - top).sum(axis=1))
    return float(np.mean(log_sum_exp - z[np.arange(len(y)), y]) + lam / 2 * np.sum(coef.astype(np.float64) ** 2))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=idx.DEFAULT_DIRECTORY)
    parser.add_argument("--lambda", dest="lam", type=float, default=None, help="our L2 λ (default: 1/n, i.e. C = 1)")
    parser.add_argument("--max-iter", type=int, default=100)
    parser.add_argument("--tol", type=float, default=1e-4, help="scikit-learn's tol (its default 1e-4)")
    args = parser.parse_args()

    x_train, y_train, x_test, y_test = idx.load(args.data)
    n = x_train.shape[0]
    lam = args.lam if args.lam is not None else 1.0 / n
    c = 1.0 / (n * lam)
    model = LogisticRegression(C=c, solver="lbfgs", max_iter=args.max_iter, tol=args.tol)
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        model.fit(x_train, y_train)
    seconds = time.perf_counter() - start
    import sklearn
    print(json.dumps({
        "system": "scikit-learn", "version": sklearn.__version__, "solver": "lbfgs",
        "C": c, "lambda": lam, "tol": args.tol, "max_iter": args.max_iter,
        "iterations": int(np.max(model.n_iter_)), "converged": not any(issubclass(w.category, ConvergenceWarning) for w in caught),
        "seconds": seconds, "objective": objective(model.coef_, model.intercept_, x_train, y_train, lam),
        "test_accuracy": float(model.score(x_test, y_test)), "peak_rss_bytes": idx.peak_rss_bytes(),
    }))


if __name__ == "__main__":
    main()
