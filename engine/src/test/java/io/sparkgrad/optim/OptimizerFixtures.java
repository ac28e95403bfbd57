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
 * Reads {@code fixtures/optimizers.json}, written by {@code generate_fixtures.py} with torch 1.13:
 * a fixed least-squares-plus-quartic problem and, per optimizer configuration, the parameters
 * after each of 20 steps.
 */
public final class OptimizerFixtures {
    private static JsonNode root;

    private OptimizerFixtures() {
    }

    /** The whole fixture file. */
    public static synchronized JsonNode root() {
        if (root == null) {
            try (InputStream in = OptimizerFixtures.class.getResourceAsStream("/fixtures/optimizers.json")) {
                if (in == null) {
                    throw new IllegalStateException("fixtures/optimizers.json is not on the test classpath");
                }
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    /** A {"shape", "data"} node as a tensor. */
    public static Tensor tensor(JsonNode node) {
        JsonNode shapeNode = node.get("shape");
        int[] shape = new int[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asInt();
        }
        return Tensor.fromArray(doubles(node.get("data")), shape);
    }

    /** A JSON array of numbers (parsed with Double.parseDouble, so Python's repr reads back exactly). */
    public static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.parseDouble(array.get(i).asText());
        }
        return out;
    }

    /** The problem's tensors by name: X, Y, w0, b0, unused0. */
    public static Tensor problem(String name) {
        return tensor(root().get("problem").get(name));
    }

    /** The optimizer cases, in file order. */
    public static List<JsonNode> cases() {
        List<JsonNode> out = new ArrayList<>();
        root().get("cases").forEach(out::add);
        return out;
    }

    /** The scheduler cases, in file order. */
    public static List<JsonNode> schedulers() {
        List<JsonNode> out = new ArrayList<>();
        root().get("schedulers").forEach(out::add);
        return out;
    }

    /** {@code ((X @ w + b - Y) ** 2).mean() + 0.1 * (w ** 4).sum()}, the fixture's loss. */
    public static Tensor loss(Tensor x, Tensor y, Tensor w, Tensor b) {
        return x.matmul(w).add(b).sub(y).pow(2.0).mean().add(w.pow(4.0).sum().mul(0.1));
    }

    /** Builds the optimizer a case describes from its torch keyword arguments. */
    public static Optimizer optimizer(JsonNode c, List<Tensor> params) {
        JsonNode kw = c.get("kwargs");
        String kind = c.get("optimizer").asText();
        switch (kind) {
            case "SGD":
                return new SGD(params, SGD.options().lr(kw.get("lr").asDouble())
                        .momentum(kw.path("momentum").asDouble(0))
                        .dampening(kw.path("dampening").asDouble(0))
                        .nesterov(kw.path("nesterov").asBoolean(false))
                        .weightDecay(kw.path("weight_decay").asDouble(0))
                        .maximize(kw.path("maximize").asBoolean(false)));
            case "Adam": {
                AdamOptions o = Adam.options().lr(kw.get("lr").asDouble())
                        .eps(kw.path("eps").asDouble(1e-8))
                        .weightDecay(kw.path("weight_decay").asDouble(0))
                        .amsgrad(kw.path("amsgrad").asBoolean(false))
                        .maximize(kw.path("maximize").asBoolean(false));
                if (kw.has("betas")) {
                    o.betas(kw.get("betas").get(0).asDouble(), kw.get("betas").get(1).asDouble());
                }
                return new Adam(params, o);
            }
            case "AdamW": {
                AdamOptions o = AdamW.options().lr(kw.get("lr").asDouble())
                        .eps(kw.path("eps").asDouble(1e-8))
                        .amsgrad(kw.path("amsgrad").asBoolean(false))
                        .maximize(kw.path("maximize").asBoolean(false));
                if (kw.has("weight_decay")) {
                    o.weightDecay(kw.get("weight_decay").asDouble());
                }
                if (kw.has("betas")) {
                    o.betas(kw.get("betas").get(0).asDouble(), kw.get("betas").get(1).asDouble());
                }
                return new AdamW(params, o);
            }
            default:
                throw new IllegalArgumentException("unknown optimizer in fixture: " + kind);
        }
    }
}
