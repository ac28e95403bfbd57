package io.sparkgrad.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkgrad.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code fixtures/lbfgs.json}, written by {@code generate_lbfgs_fixtures.py} with torch
 * 1.13.1: the problems' starting points and, per configuration, what every {@code step} did. The
 * losses here are written op for op as the Python script writes them, so that the engine
 * computes the losses and gradients PyTorch computed.
 */
final class LBFGSFixtures {
    private static JsonNode root;

    private LBFGSFixtures() {
    }

    static synchronized JsonNode root() {
        if (root == null) {
            try (InputStream in = LBFGSFixtures.class.getResourceAsStream("/fixtures/lbfgs.json")) {
                if (in == null) {
                    throw new IllegalStateException("fixtures/lbfgs.json is not on the test classpath");
                }
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    static List<JsonNode> cases() {
        List<JsonNode> out = new ArrayList<>();
        root().get("cases").forEach(out::add);
        return out;
    }

    /** The case of that name. */
    static JsonNode named(String name) {
        for (JsonNode c : cases()) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no LBFGS fixture case " + name);
    }

    /** Fresh leaf parameters at the problem's starting point. */
    static List<Tensor> startingPoint(String problem) {
        List<Tensor> out = new ArrayList<>();
        root().get("problems").get(problem).get("params")
                .forEach(p -> out.add(OptimizerFixtures.tensor(p).requiresGrad_(true)));
        return out;
    }

    /** The problem's loss at the parameters {@code ps}, recorded for autograd. */
    static Tensor loss(String problem, List<Tensor> ps) {
        switch (problem) {
            case "rosenbrock": {
                Tensor x = ps.get(0).select(0, 0);
                Tensor y = ps.get(0).select(0, 1);
                return x.neg().add(1.0).pow(2.0).add(y.sub(x.pow(2.0)).pow(2.0).mul(100.0));
            }
            case "rosenbrock20": {
                Tensor x = Tensor.cat(0, ps.get(0).reshape(ps.get(0).numel()), ps.get(1).reshape(ps.get(1).numel()));
                int n = x.numel();
                Tensor head = x.narrow(0, 0, n - 1);
                Tensor tail = x.narrow(0, 1, n - 1);
                return tail.sub(head.pow(2.0)).pow(2.0).mul(100.0).add(head.neg().add(1.0).pow(2.0)).sum();
            }
            case "himmelblau": {
                Tensor x = ps.get(0).select(0, 0);
                Tensor y = ps.get(0).select(0, 1);
                return x.pow(2.0).add(y).sub(11.0).pow(2.0).add(x.add(y.pow(2.0)).sub(7.0).pow(2.0));
            }
            case "quadratic": {
                JsonNode p = root().get("problems").get("quadratic");
                Tensor xs = OptimizerFixtures.tensor(p.get("X"));
                Tensor ys = OptimizerFixtures.tensor(p.get("Y"));
                return xs.matmul(ps.get(0)).add(ps.get(1)).sub(ys).pow(2.0).mean();
            }
            case "tutorial_quadratic": {
                Tensor x = ps.get(0);
                return x.pow(2.0).mul(3.0).add(x.mul(2.0)).sub(1.0);
            }
            case "linear":
                return ps.get(0).sum().neg();
            default:
                throw new IllegalArgumentException("unknown LBFGS fixture problem " + problem);
        }
    }

    /** The optimizer a case's torch keyword arguments describe. */
    static LBFGS optimizer(JsonNode c, List<Tensor> params) {
        JsonNode kw = c.get("kwargs");
        LBFGS.Options o = LBFGS.options();
        if (kw.has("lr")) {
            o.lr(kw.get("lr").asDouble());
        }
        if (kw.has("max_iter")) {
            o.maxIter(kw.get("max_iter").asInt());
        }
        if (kw.has("max_eval")) {
            o.maxEval(kw.get("max_eval").asInt());
        }
        if (kw.has("tolerance_grad")) {
            o.toleranceGrad(kw.get("tolerance_grad").asDouble());
        }
        if (kw.has("tolerance_change")) {
            o.toleranceChange(kw.get("tolerance_change").asDouble());
        }
        if (kw.has("history_size")) {
            o.historySize(kw.get("history_size").asInt());
        }
        if (kw.has("line_search_fn")) {
            o.lineSearchFn(kw.get("line_search_fn").asText());
        }
        return new LBFGS(params, o);
    }

    /** The closure of API.md: zero the gradients, compute the loss, backward, return it. */
    static Closure closure(LBFGS opt, String problem, List<Tensor> params) {
        return () -> {
            opt.zeroGrad();
            Tensor l = loss(problem, params);
            l.backward();
            return l;
        };
    }
}
