package io.sparkgrad.spark.train;

import io.sparkgrad.autograd.GradMode;
import io.sparkgrad.spark.data.Block;
import io.sparkgrad.spark.exec.OrderedTreeAggregate;
import io.sparkgrad.spark.model.GeneralizedLinearModel;
import io.sparkgrad.spark.model.Model;
import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.model.ModelCache;
import io.sparkgrad.spark.state.ParameterVector;
import io.sparkgrad.tensor.Tensor;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Scores cached blocks with trained parameters (no autograd) and sums up the metrics: one pass over
 * the blocks, no object per row, each partition's {@link EvaluationSums} merged in partition order.
 */
public final class Evaluator {
    private Evaluator() {}

    public static EvaluationSums evaluate(JavaSparkContext sc, JavaRDD<Block> blocks, ModelSpec spec, int numFeatures,
            ParameterVector theta, int aggregationDepth) {
        return evaluate(sc, blocks, spec, numFeatures, theta, aggregationDepth, Double.NaN);
    }

    /**
     * The same, with a GLM's summary figures too (in the same pass); {@code glmNullEta} is the null
     * model's linear predictor before any offset, from which the null deviance is measured (NaN: none).
     */
    public static EvaluationSums evaluate(JavaSparkContext sc, JavaRDD<Block> blocks, ModelSpec spec, int numFeatures,
            ParameterVector theta, int aggregationDepth, double glmNullEta) {
        try (ParameterShipments shipments = ParameterShipments.perPass(sc)) {
            return evaluate(shipments, blocks, spec, numFeatures, theta, aggregationDepth, glmNullEta);
        }
    }

    /** The same, θ shipped through {@code shipments} (which a run shares between its passes at the same θ). */
    @SuppressWarnings("try") // the no-grad scope is used for its side effect only
    public static EvaluationSums evaluate(ParameterShipments shipments, JavaRDD<Block> blocks, ModelSpec spec,
            int numFeatures, ParameterVector theta, int aggregationDepth, double glmNullEta) {
        ParameterShipment shipped = shipments.ship(theta);
        try {
            EvaluationSums sums = OrderedTreeAggregate.aggregate(blocks, (partition, it) -> {
                Model model = ModelCache.get(spec, numFeatures);
                EvaluationSums s = new EvaluationSums();
                Map<String, Tensor> params = shipped.get().views(); // read only: no model-sized copy per task
                try (var noGrad = GradMode.noGrad()) {
                    while (it.hasNext()) {
                        Block b = it.next();
                        double[] out = add(s, model, spec, params, b);
                        if (model instanceof GeneralizedLinearModel g) {
                            s.addGlm(new GlmSums(g.family(), g.link(), glmNullEta, g.rank()), out, b.labels(), b.weights(),
                                    b.offsets(), b.rows());
                        }
                    }
                }
                return s.seal();
            }, EvaluationSums::merge, aggregationDepth);
            return sums == null ? new EvaluationSums() : sums;
        } finally {
            shipments.done(shipped);
        }
    }

    /** Scores one block into {@code s} and returns its predictions; must run with grad mode off. */
    static double[] add(EvaluationSums s, Model model, ModelSpec spec, Map<String, Tensor> params, Block b) {
        Tensor predicted;
        if (b.offsets() != null) {
            Tensor o = Tensor.wrap(b.offsets(), b.rows());
            predicted = b.isSparse() ? model.predict(params, b.sparse(), o)
                    : model.predict(params, Tensor.wrap(b.features(), b.rows(), b.cols()), o);
        } else {
            predicted = b.isSparse() ? model.predict(params, b.sparse())
                    : model.predict(params, Tensor.wrap(b.features(), b.rows(), b.cols()));
        }
        double[] out = predicted.toArray();
        switch (spec.task()) {
            case REGRESSION -> s.addRegression(out, b.labels(), b.weights(), b.rows());
            case BINARY -> s.addBinary(out, b.labels(), b.weights(), b.rows());
            case MULTICLASS -> s.addMulticlass(out, b.labels(), b.weights(), b.rows(), spec.classes());
        }
        return out;
    }
}
