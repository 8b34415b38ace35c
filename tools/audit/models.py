"""Simple classifiers in numpy and the evaluation protocol of the audit.

Two models per feature family: multinomial logistic regression (standardised features, L2) and
a shallow CART tree (Gini). Both weight samples so that every class counts equally, matching the
balanced accuracy they are scored with. Hyperparameters (L2 strength, depth) are chosen on the
validation split, or by subject-grouped cross-validation when there is none.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

LAMBDAS = (10.0, 1.0, 0.1, 0.01, 0.001, 0.0001)  # strongest first: ties keep the simpler model
DEPTHS = (1, 2, 3, 4, 6)
MIN_LEAF = 5
INNER_FOLDS = 3
OUTER_FOLDS = 5


def balanced_accuracy(y: np.ndarray, pred: np.ndarray) -> float:
    """Mean over the classes present in y of the fraction of their trials predicted right."""
    classes = np.unique(y)
    if classes.size == 0:
        return float("nan")
    return float(np.mean([np.mean(pred[y == c] == c) for c in classes]))


def class_weights(y: np.ndarray) -> np.ndarray:
    classes, inverse, counts = np.unique(y, return_inverse=True, return_counts=True)
    return (len(y) / (classes.size * counts))[inverse]


def with_missing_indicators(X: np.ndarray, names: list[str]) -> tuple[np.ndarray, list[str]]:
    """Adds a 0/1 column for every feature that is missing somewhere: absence can be the leak."""
    miss = np.isnan(X).any(axis=0)
    return np.hstack([X, np.isnan(X[:, miss]).astype(np.float64)]), names + [f"{n}#missing" for n, m in
                                                                              zip(names, miss) if m]


class Standardiser:
    """Train-median imputation, train mean/SD scaling, columns constant on train dropped."""

    def __init__(self, X: np.ndarray):
        with warnings.catch_warnings():  # a column missing in every training row is filled with 0
            warnings.simplefilter("ignore", RuntimeWarning)
            med = np.nanmedian(X, axis=0)
        self.fill = np.where(np.isfinite(med), med, 0.0)
        Z = self._filled(X)
        self.mean, sd = Z.mean(axis=0), Z.std(axis=0)
        self.keep = sd > 1e-12 * (1.0 + np.abs(self.mean))
        self.sd = np.where(self.keep, sd, 1.0)

    def _filled(self, X: np.ndarray) -> np.ndarray:
        X = np.where(np.isfinite(X), X, self.fill)
        return X

    def __call__(self, X: np.ndarray) -> np.ndarray:
        return ((self._filled(X) - self.mean) / self.sd)[:, self.keep]


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def fit_logreg(X: np.ndarray, y: np.ndarray, K: int, lam: float, init=None, iters: int = 400):
    """Class-weighted multinomial logistic regression with L2 (bias unpenalised), by Nesterov-accelerated
    gradient descent with the step from the loss's Lipschitz bound. Returns (W, b)."""
    n, d = X.shape
    Y = np.eye(K)[y]
    w = class_weights(y)[:, None] / n
    # The softmax loss's Hessian is at most 1/2 w_max X'X (bias column included): step 1/lip.
    lip = 0.5 * w.max() * np.linalg.norm(np.hstack([X, np.ones((n, 1))]), 2) ** 2 + lam
    W, b = (np.zeros((d, K)), np.zeros(K)) if init is None else (init[0].copy(), init[1].copy())
    VW, Vb, t = W.copy(), b.copy(), 1.0
    for _ in range(iters):
        R = (_softmax(X @ VW + Vb) - Y) * w
        gW, gb = X.T @ R + lam * VW, R.sum(axis=0)
        W_next, b_next = VW - gW / lip, Vb - gb / lip
        t_next = 0.5 * (1 + np.sqrt(1 + 4 * t * t))
        VW = W_next + (t - 1) / t_next * (W_next - W)
        Vb = b_next + (t - 1) / t_next * (b_next - b)
        W, b, t = W_next, b_next, t_next
        if np.abs(gW).max(initial=0.0) < 1e-6 and np.abs(gb).max() < 1e-6:
            break
    return W, b


def fit_tree(X: np.ndarray, y: np.ndarray, K: int, depth: int, min_leaf: int = MIN_LEAF) -> np.ndarray:
    """Class-weighted CART tree (Gini), grown to `depth`. Rows of the returned array are nodes:
    (feature or -1 for a leaf, threshold, left child, right child, majority class)."""
    w = class_weights(y)
    nodes: list[list[float]] = []

    def grow(idx: np.ndarray, level: int) -> int:
        counts = np.bincount(y[idx], weights=w[idx], minlength=K)
        me = len(nodes)
        nodes.append([-1, 0.0, -1, -1, float(np.argmax(counts))])
        if level >= depth or len(idx) < 2 * min_leaf or np.count_nonzero(counts) < 2 or X.shape[1] == 0:
            return me
        order = np.argsort(X[idx], axis=0, kind="stable")  # (n, d)
        xs = np.take_along_axis(X[idx], order, axis=0)
        onehot = np.eye(K)[y[idx]] * w[idx][:, None]  # (n, K)
        left = np.cumsum(onehot[order], axis=0)[:-1]  # (n-1, d, K): class weight left of each cut
        right = counts - left
        sl, sr = left.sum(-1), right.sum(-1)
        with np.errstate(invalid="ignore", divide="ignore"):
            imp = sl - (left ** 2).sum(-1) / sl + sr - (right ** 2).sum(-1) / sr  # Gini x weight
        pos = np.arange(1, len(idx))[:, None]
        valid = (xs[1:] > xs[:-1]) & (pos >= min_leaf) & (len(idx) - pos >= min_leaf)
        imp = np.where(valid, imp, np.inf)
        cut, feat = np.unravel_index(np.argmin(imp), imp.shape)
        parent = counts.sum() - (counts ** 2).sum() / counts.sum()
        if not np.isfinite(imp[cut, feat]) or imp[cut, feat] >= parent - 1e-12:
            return me
        thr = 0.5 * (xs[cut, feat] + xs[cut + 1, feat])
        go_left = X[idx, feat] <= thr
        lo = grow(idx[go_left], level + 1)
        hi = grow(idx[~go_left], level + 1)
        nodes[me][:4] = [feat, thr, lo, hi]
        return me

    grow(np.arange(len(y)), 0)
    return np.array(nodes)


def predict_tree(nodes: np.ndarray, X: np.ndarray, depth: int | None = None) -> np.ndarray:
    """Majority class of the node each row reaches, descending at most `depth` levels."""
    at = np.zeros(X.shape[0], dtype=np.int64)
    for _ in range(len(nodes) if depth is None else depth):
        feat = nodes[at, 0].astype(np.int64)
        inner = feat >= 0
        if not inner.any():
            break
        rows = np.flatnonzero(inner)
        left = X[rows, feat[rows]] <= nodes[at[rows], 1]
        at[rows] = np.where(left, nodes[at[rows], 2], nodes[at[rows], 3]).astype(np.int64)
    return nodes[at, 4].astype(np.int64)


class LogReg:
    name = "logistic regression"
    grid = LAMBDAS
    hyper = "L2"

    def fit_path(self, X, y, K):
        """One predictor per grid value, warm-started along the path."""
        out, init = [], None
        for lam in self.grid:
            init = fit_logreg(X, y, K, lam, init)
            W, b = init
            out.append(lambda Z, W=W, b=b: np.argmax(Z @ W + b, axis=1))
        return out


class Tree:
    name = "decision tree"
    grid = DEPTHS
    hyper = "depth"

    def fit_path(self, X, y, K):
        nodes = fit_tree(X, y, K, max(self.grid))  # one tree; shallower ones are its top levels
        return [lambda Z, d=d: predict_tree(nodes, Z, d) for d in self.grid]


MODELS = (LogReg(), Tree())


def grouped_folds(groups: np.ndarray, k: int, seed: int = 0) -> list[np.ndarray]:
    """k folds of row indices, whole groups (subjects) per fold, groups dealt in a seeded shuffle."""
    uniq = np.unique(groups)
    rng = np.random.default_rng(seed)
    uniq = uniq[rng.permutation(uniq.size)]
    k = max(2, min(k, uniq.size))
    return [np.flatnonzero(np.isin(groups, uniq[i::k])) for i in range(k)]


@dataclass
class Fitted:
    predict: object
    choice: object
    selection_score: float


def fit_select(model, X, y, K, fit_idx, sel_idx, groups) -> Fitted:
    """Fits `model` on fit_idx, choosing its hyperparameter on sel_idx (or by grouped CV on fit_idx)."""
    if sel_idx is not None and len(sel_idx):
        prep = Standardiser(X[fit_idx])
        preds = model.fit_path(prep(X[fit_idx]), y[fit_idx], K)
        scores = [balanced_accuracy(y[sel_idx], p(prep(X[sel_idx]))) for p in preds]
        best = int(np.argmax(scores))
        return Fitted(lambda Z, p=preds[best]: p(prep(Z)), model.grid[best], scores[best])
    scores = np.zeros(len(model.grid))
    folds = grouped_folds(groups[fit_idx], INNER_FOLDS, seed=1)
    for held in folds:
        tr, te = np.setdiff1d(fit_idx, fit_idx[held]), fit_idx[held]
        prep = Standardiser(X[tr])
        scores += [balanced_accuracy(y[te], p(prep(X[te]))) for p in model.fit_path(prep(X[tr]), y[tr], K)]
    best = int(np.argmax(scores))
    prep = Standardiser(X[fit_idx])
    pred = model.fit_path(prep(X[fit_idx]), y[fit_idx], K)[best]
    return Fitted(lambda Z: pred(prep(Z)), model.grid[best], float(scores[best] / len(folds)))


@dataclass
class Protocol:
    """How a family is scored: fits (train rows, selection rows or None, scored rows) and validation rows."""

    description: str
    fits: list[tuple[np.ndarray, np.ndarray | None, np.ndarray]]
    validation: np.ndarray | None = None
    notes: list[str] = field(default_factory=list)


def protocol_for(splits: np.ndarray, groups: np.ndarray) -> Protocol:
    train, val, test = (np.flatnonzero(splits == s) for s in ("train", "validation", "test"))
    if train.size and test.size:
        if val.size:
            return Protocol("fit on train, hyperparameters on validation, scored on test", [(train, val, test)], val)
        return Protocol(f"fit on train, hyperparameters by {INNER_FOLDS}-fold subject-grouped CV on train, "
                        "scored on test (no validation split)", [(train, None, test)])
    folds = grouped_folds(groups, OUTER_FOLDS)
    every = np.arange(len(splits))
    return Protocol(f"no train/test split in the file: {len(folds)}-fold subject-grouped cross-validation "
                    f"(hyperparameters by inner {INNER_FOLDS}-fold grouped CV), scored out of fold",
                    [(np.setdiff1d(every, f), None, f) for f in folds])


def bootstrap_ci(y, pred, groups, reps: int = 1000, seed: int = 0) -> tuple[float, float]:
    """95 % interval of the balanced accuracy when the scored subjects are resampled."""
    uniq = np.unique(groups)
    rows = [np.flatnonzero(groups == g) for g in uniq]
    rng = np.random.default_rng(seed)
    vals = []
    for _ in range(reps):
        pick = np.concatenate([rows[i] for i in rng.integers(0, uniq.size, uniq.size)])
        vals.append(balanced_accuracy(y[pick], pred[pick]))
    lo, hi = np.nanpercentile(vals, [2.5, 97.5])
    return float(lo), float(hi)


def score(model, X, y, K, groups, proto: Protocol) -> dict:
    """Test (or out-of-fold) and validation balanced accuracy of one model on one feature matrix."""
    pred = np.full(len(y), -1)
    scored = np.concatenate([f[2] for f in proto.fits])
    choices, sel_scores, val_ba = [], [], float("nan")
    for fit_idx, sel_idx, eval_idx in proto.fits:
        fitted = fit_select(model, X, y, K, fit_idx, sel_idx, groups)
        pred[eval_idx] = fitted.predict(X[eval_idx])
        choices.append(fitted.choice)
        sel_scores.append(fitted.selection_score)
        if proto.validation is not None:
            val_ba = balanced_accuracy(y[proto.validation], fitted.predict(X[proto.validation]))
    ba = balanced_accuracy(y[scored], pred[scored])
    lo, hi = bootstrap_ci(y[scored], pred[scored], groups[scored])
    return {"model": model.name, "test": ba, "test_ci95": [lo, hi], "validation": val_ba,
            "selection_score": float(np.mean(sel_scores)), model.hyper: choices if len(choices) > 1 else choices[0],
            "predictions": pred}


def single_feature_ranking(X, names, y, K, proto: Protocol, top: int = 5) -> list[tuple[str, float]]:
    """The features that alone score best (depth-2 tree per feature, same protocol, no selection)."""
    out = []
    for j in range(X.shape[1]):
        col = X[:, [j]]
        if np.all(np.isnan(col)) or np.nanstd(col) == 0:
            continue
        pred = np.full(len(y), -1)
        scored = np.concatenate([f[2] for f in proto.fits])
        for fit_idx, _, eval_idx in proto.fits:
            prep = Standardiser(col[fit_idx])
            if not prep.keep.any():
                continue
            nodes = fit_tree(prep(col[fit_idx]), y[fit_idx], K, 2)
            pred[eval_idx] = predict_tree(nodes, prep(col[eval_idx]))
        out.append((names[j], balanced_accuracy(y[scored], pred[scored])))
    out.sort(key=lambda t: -t[1])
    return out[:top]
