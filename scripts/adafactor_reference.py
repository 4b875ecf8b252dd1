"""Reference values of Adafactor for test/methods/optim.test.ts.

  /usr/bin/python3 scripts/adafactor_reference.py

Adafactor as transformers' Trainer builds it for optim="adafactor"
(transformers/optimization.py, class Adafactor, with scale_parameter=False,
relative_step=False, warmup_init=False, beta1=None, eps=(1e-30, 1e-3),
clip_threshold=1.0, decay_rate=-0.8), written out here in plain Python floats
(float64, no torch or numpy) from the formulas, not run through transformers:

  beta2t = 1 - step ** decay_rate
  u      = grad ** 2 + eps1
  2-D:   row = beta2t * row + (1 - beta2t) * mean(u, last dim)
         col = beta2t * col + (1 - beta2t) * mean(u, second-last dim)
         update = rsqrt(row / mean(row))[:, None] * rsqrt(col)[None, :] * grad
  1-D:   v = beta2t * v + (1 - beta2t) * u;  update = rsqrt(v) * grad
  update = update / max(1, rms(update) / clip_threshold) * lr
  p = p - weight_decay * lr * p   (decay first, with the same scheduled lr)
  p = p - update

Two steps on a 2x3 matrix (lr 0.1, weight decay 0.1) and a 4-vector (lr 0.05,
no decay, one zero gradient entry), schedule multipliers 1 then 0.5: the matrix
update is clipped at both steps, the vector one only at the second. Prints the
parameters after each step, the update RMS before clipping (to show which
updates are clipped), and the second-moment state.
"""
import json
import math

EPS1, CLIP, DECAY_RATE = 1e-30, 1.0, -0.8


def mean(xs):
    return sum(xs) / len(xs)


def rms(xs):
    return math.sqrt(sum(x * x for x in xs) / len(xs))


def step_matrix(p, g, row, col, step, lr, wd):
    rows, cols = len(p), len(p[0])
    beta2t = 1.0 - step ** DECAY_RATE
    u = [[g[i][j] ** 2 + EPS1 for j in range(cols)] for i in range(rows)]
    row = [beta2t * row[i] + (1 - beta2t) * mean(u[i]) for i in range(rows)]
    col = [beta2t * col[j] + (1 - beta2t) * mean([u[i][j] for i in range(rows)]) for j in range(cols)]
    rmean = mean(row)
    upd = [[g[i][j] / math.sqrt(row[i] / rmean) / math.sqrt(col[j]) for j in range(cols)] for i in range(rows)]
    r = rms([x for line in upd for x in line])
    d = max(1.0, r / CLIP)
    p = [[p[i][j] - wd * lr * p[i][j] - lr * upd[i][j] / d for j in range(cols)] for i in range(rows)]
    return p, row, col, r


def step_vector(p, g, v, step, lr, wd):
    beta2t = 1.0 - step ** DECAY_RATE
    v = [beta2t * v[k] + (1 - beta2t) * (g[k] ** 2 + EPS1) for k in range(len(p))]
    upd = [g[k] / math.sqrt(v[k]) for k in range(len(p))]
    r = rms(upd)
    d = max(1.0, r / CLIP)
    p = [p[k] - wd * lr * p[k] - lr * upd[k] / d for k in range(len(p))]
    return p, v, r


W = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]]
GW = [[[0.1, -0.2, 0.3], [2.0, 0.05, -1.0]], [[-0.4, 0.3, 0.6], [0.5, -0.1, 0.2]]]
B = [0.3, -0.6, 1.2, 0.0]
GB = [[0.2, -0.05, 0.0, 1.5], [0.8, -0.5, 0.4, -0.3]]
SCALE = [1.0, 0.5]
LR_W, WD_W, LR_B, WD_B = 0.1, 0.1, 0.05, 0.0

out = {"W": W, "gradsW": GW, "b": B, "gradsB": GB, "scale": SCALE, "steps": []}
row, col, v = [0.0, 0.0], [0.0, 0.0, 0.0], [0.0] * 4
w, b = W, B
for t in range(2):
    w, row, col, rw = step_matrix(w, GW[t], row, col, t + 1, LR_W * SCALE[t], WD_W)
    b, v, rb = step_vector(b, GB[t], v, t + 1, LR_B * SCALE[t], WD_B)
    out["steps"].append({"W": w, "b": b, "rmsW": rw, "rmsB": rb, "row": row, "col": col, "v": v})

print(json.dumps(out, indent=1))
