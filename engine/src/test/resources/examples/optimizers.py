# torch.optim: SGD on two parabolas and Adam on Himmelblau's function.
#   /usr/bin/python3 optimizers.py > optimizers.out
import torch

torch.set_default_dtype(torch.float64)

x = torch.tensor(2.0, requires_grad=True)
opt = torch.optim.SGD([x], lr=0.1)
for step in range(100):
    opt.zero_grad()
    y = 3 * x ** 2 + 2 * x - 1
    y.backward()
    opt.step()
print("SGD on 3x^2+2x-1 from 2:", x)

x = torch.tensor(0.0, requires_grad=True)
opt = torch.optim.SGD([x], lr=0.01)
for step in range(500):
    opt.zero_grad()
    y = x ** 2 - 2 * x + 1
    y.backward()
    opt.step()
print("SGD on x^2-2x+1 from 0:", round(x.item(), 5))


def himmelblau(p):
    return (p[0] ** 2 + p[1] - 11) ** 2 + (p[0] + p[1] ** 2 - 7) ** 2


p = torch.tensor([0.0, 0.0], requires_grad=True)
opt = torch.optim.Adam([p], lr=1e-3)
steps = 0
for steps in range(1, 20001):
    opt.zero_grad()
    f = himmelblau(p)
    f.backward()
    opt.step()
    if himmelblau(p).item() < 1e-8:
        break
print("Adam on Himmelblau from (0, 0): steps", steps, "p", p.detach(), "f < 1e-8:", himmelblau(p).item() < 1e-8)
