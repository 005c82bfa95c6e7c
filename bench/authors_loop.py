"""The authors' synthetic driver loop (keitaroskmt/benign-attention, main.py), re-implemented for
timing only (issue 11): their main.py needs hydra, omegaconf, pandas and wandb, which Debian does not
package, so this script makes the same computation with Debian's python3-torch and nothing else.
Same model f(X) = sum_t softmax(X W p)_t (x_t . nu) with the logits evaluated as (X @ W) @ p, as
their forward does; float32; W Kaiming-uniform (a = sqrt 5), p = 0, nu = (mu_1 - mu_2)/|mu_1 - mu_2|
/ |mu|; full-batch SGD on W and p; train and test accuracy and loss every LOG steps; the attention
scores of every step kept as Python lists; data from numpy's default_rng(seed) as their dataset
class draws it (train and test both from the seed, 20 % flipped labels in the training set).
Usage: /usr/bin/python3 bench/authors_loop.py [--d 2000] [--mu 20] [--steps 1000] [--n 20] [--n-test 1000]
       [--T 8] [--rho 0.1] [--lr 5e-3] [--log 10] [--seed 42] [--threads 2]
Prints one line: wall seconds, CPU seconds, final train and test accuracy."""
import argparse
import math
import resource
import time

import numpy as np
import torch


def dataset(n, T, d, mu1, mu2, rho, noise, seed):
    x = torch.tensor(np.random.default_rng(seed).standard_normal((n, T, d)), dtype=torch.float32)
    y = torch.cat([torch.ones(n // 2), -torch.ones(n - n // 2)])
    pos = (y == 1).view(-1, 1)
    x[:, 0, :] += torch.where(pos, mu1, mu2)
    x[:, 1, :] += rho * torch.where(pos, mu1, mu2)
    x[:, 2, :] += rho * torch.where(pos, mu2, mu1)
    flips = int(math.ceil(n * noise))
    mask = torch.zeros(n, dtype=torch.bool)
    mask[: flips // 2] = True
    mask[n // 2 : n // 2 + flips // 2] = True
    return x, torch.where(mask, -y, y)


def main():
    a = argparse.ArgumentParser()
    for k, v in dict(d=2000, mu=20.0, steps=1000, n=20, n_test=1000, T=8, rho=0.1, lr=5e-3, log=10, seed=42, threads=2).items():
        a.add_argument("--" + k.replace("_", "-"), type=type(v), default=v)
    o = a.parse_args()
    torch.set_num_threads(o.threads)
    mu1, mu2 = torch.zeros(o.d), torch.zeros(o.d)
    mu1[0], mu2[1] = o.mu, o.mu
    t0, c0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
    xtr, ytr = dataset(o.n, o.T, o.d, mu1, mu2, o.rho, 0.2, o.seed)
    xte, yte = dataset(o.n_test, o.T, o.d, mu1, mu2, o.rho, 0.0, o.seed)
    W = torch.nn.Parameter(torch.empty(o.d, o.d))
    torch.nn.init.kaiming_uniform_(W, a=5 ** 0.5)
    p = torch.nn.Parameter(torch.zeros(o.d, 1))
    nu = ((mu1 - mu2) / torch.norm(mu1 - mu2) / o.mu).view(-1, 1)
    opt = torch.optim.SGD([W, p], lr=o.lr)

    def forward(x):
        s = torch.softmax((x @ W @ p).squeeze(-1), dim=-1)
        return (s * (x @ nu).squeeze(-1)).sum(dim=1), s

    def evaluate(x, y):
        with torch.no_grad():
            f = forward(x)[0]
            return (f * y > 0).float().mean().item(), torch.log(1 + torch.exp(-y * f)).mean().item()

    kept, acc = [], (0.0, 0.0)
    for step in range(o.steps):
        opt.zero_grad()
        f, s = forward(xtr)
        loss = torch.log(1 + torch.exp(-ytr * f)).mean()
        loss.backward()
        opt.step()
        kept.append(s.tolist())
        if step % o.log == o.log - 1:
            acc = (evaluate(xtr, ytr)[0], evaluate(xte, yte)[0])
    c1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)
    print(f"wall {time.perf_counter() - t0:.2f} s  cpu {cpu:.2f} s  train_acc {acc[0]:.3f}  test_acc {acc[1]:.3f}")


if __name__ == "__main__":
    main()
