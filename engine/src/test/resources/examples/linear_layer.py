# A linear layer z = x w + b with an MSE loss against zeros, and its closed-form gradients.
#   /usr/bin/python3 linear_layer.py > linear_layer.out
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

x = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
w = torch.tensor([[0.5], [-0.25]], requires_grad=True)
b = torch.tensor([0.1], requires_grad=True)
z = x @ w + b
loss = F.mse_loss(z, torch.zeros_like(z))
loss.backward()
print("z:", z)
print("loss:", loss)
print("w.grad:", w.grad)
print("b.grad:", b.grad)
n = z.numel()
print("closed form dL/dw = 2/n x^T z:", 2.0 / n * x.t() @ z.detach())
print("closed form dL/db = 2/n sum z:", 2.0 / n * z.detach().sum(0))
