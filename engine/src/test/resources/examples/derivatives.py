# Derivatives: a numerical central difference, autograd's first and second derivatives, and
# partial derivatives of a function of two variables. Run with Debian's torch 1.13:
#   /usr/bin/python3 derivatives.py > derivatives.out
import torch

torch.set_default_dtype(torch.float64)


def f(x):
    return 3 * x ** 2 + 2 * x - 1


h = 1e-4
x = torch.tensor(1.0)
print("central difference of f at 1:", (f(x + h) - f(x - h)) / (2 * h))

x = torch.tensor(1.0, requires_grad=True)
y = f(x)
y.backward()
print("autograd df/dx at 1:", x.grad)

x = torch.tensor(0.0, requires_grad=True)
y = x ** 2 - 2 * x + 1
dy, = torch.autograd.grad(y, x, create_graph=True)
print("dy/dx at 0:", dy)
d2y, = torch.autograd.grad(dy, x)
print("d2y/dx2 at 0:", d2y)

x1 = torch.tensor(2.0, requires_grad=True)
x2 = torch.tensor(3.0, requires_grad=True)
g = (x1 + 5) * x2 ** 2
print("g:", g)
g1, g2 = torch.autograd.grad(g, [x1, x2], create_graph=True)
print("dg/dx1:", g1, "dg/dx2:", g2)
d11, = torch.autograd.grad(g1, x1, retain_graph=True, allow_unused=True)
print("d2g/dx1dx1:", d11)
d21, = torch.autograd.grad(g2, x1, retain_graph=True)
print("d2g/dx2dx1:", d21)
d22, = torch.autograd.grad(g2, x2)
print("d2g/dx2dx2:", d22)
