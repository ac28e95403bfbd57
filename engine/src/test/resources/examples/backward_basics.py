# backward() on scalars and non-scalars, gradient accumulation, detach and no_grad.
#   /usr/bin/python3 backward_basics.py > backward_basics.out
import torch

torch.set_default_dtype(torch.float64)

x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
w = torch.ones(3, 3, requires_grad=True)
y = torch.mm(x, w).sum()
y.backward()
print("y:", y)
print("x.grad:", x.grad)
print("w.grad:", w.grad)

x = torch.tensor([[0.0, 0.0], [1.0, 2.0]], requires_grad=True)
y = x ** 2 - 2 * x + 1
y.backward(torch.ones(2, 2))
print("non-scalar backward:", x.grad)
x.grad = None
y = x ** 2 - 2 * x + 1
(y * torch.ones(2, 2)).sum().backward()
print("backward of sum(y * gradient):", x.grad)

x1 = torch.tensor(1.0, requires_grad=True)
x2 = torch.tensor(2.0, requires_grad=True)
y1 = x1 * x2
y2 = x1 + x2
y1.backward()
print("after y1:", x1.grad, x2.grad)
y2.backward()
print("after y2 (accumulated):", x1.grad, x2.grad)

a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
d = a.detach()
a.data.mul_(10)
print("detached sees the write:", d, d.requires_grad)
with torch.no_grad():
    z = a * 2
print("no_grad result:", z, z.requires_grad, z.grad_fn)
