# Gradient descent by hand: update .data with the gradient and zero the gradient each step.
#   /usr/bin/python3 gradient_descent.py > gradient_descent.out
import torch

torch.set_default_dtype(torch.float64)

x = torch.tensor(-1.0, requires_grad=True)
for step in range(100):
    y = 3 * x ** 2 + 2 * x - 1
    y.backward()
    x.data -= 0.1 * x.grad
    x.grad.zero_()
print("minimum of 3x^2+2x-1 from -1:", x)

w = torch.tensor(10.0, requires_grad=True)
loss = 2 * w ** 2
loss.backward()
print("loss:", loss, "grad:", w.grad)
w_next = w - 0.01 * w.grad
print("one step:", w_next)

w = torch.tensor(10.0, requires_grad=True)
for step in range(100):
    loss = w ** 2 + 20
    loss.backward()
    w.data -= 0.01 * w.grad
    w.grad.zero_()
print("w after 100 steps on w^2+20:", w.item(), "expected 10*0.98^100 =", 10 * 0.98 ** 100)
