package io.sparkgrad.nn;

import io.sparkgrad.tensor.Tensor;
import java.util.List;

/** Modules applied in order, {@code torch.nn.Sequential}; children are named "0", "1", …. */
public final class Sequential extends Module {
    private final Module[] modules;

    public Sequential(Module... modules) {
        this.modules = modules.clone();
        for (int i = 0; i < this.modules.length; i++) {
            registerModule(Integer.toString(i), this.modules[i]);
        }
    }

    public Sequential(List<? extends Module> modules) {
        this(modules.toArray(new Module[0]));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor out = x;
        for (Module m : modules) {
            out = m.forward(out);
        }
        return out;
    }

    /** The i-th module. */
    public Module get(int i) {
        return modules[i];
    }

    /** Number of modules. */
    public int size() {
        return modules.length;
    }
}
